package dev.jgpt.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Random;

import static dev.jgpt.tensor.GradCheck.param;
import static org.junit.jupiter.api.Assertions.*;

/** Fused causal self-attention against a naive per-head reference, plus gradients and causality. */
class AttentionTest {
    private final Random rng = new Random(5);

    /** softmax(q k^T / sqrt(d) + causal mask) v per head, in double, from packed qkv [B*T, 3C]. */
    static double[] naive(float[] qkv, int b, int t, int nHead, int c) {
        int d = c / nHead;
        double[] out = new double[b * t * c];
        for (int bi = 0; bi < b; bi++)
            for (int h = 0; h < nHead; h++)
                for (int i = 0; i < t; i++) {
                    double[] s = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double dot = 0;
                        for (int e = 0; e < d; e++)
                            dot += (double) qkv[(bi * t + i) * 3 * c + h * d + e] * qkv[(bi * t + j) * 3 * c + c + h * d + e];
                        s[j] = dot / Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j <= i; j++) { s[j] = Math.exp(s[j] - max); z += s[j]; }
                    for (int e = 0; e < d; e++) {
                        double acc = 0;
                        for (int j = 0; j <= i; j++) acc += s[j] / z * qkv[(bi * t + j) * 3 * c + 2 * c + h * d + e];
                        out[(bi * t + i) * c + h * d + e] = acc;
                    }
                }
        return out;
    }

    @ParameterizedTest(name = "B={0} T={1} nHead={2} C={3}")
    @CsvSource({"2,5,2,8", "1,1,2,8", "3,1,1,4", "2,7,4,16", "1,33,3,12", "2,130,2,8", "1,200,1,4", "1,128,2,8"})
    void forwardMatchesNaive(int b, int t, int nHead, int c) {
        Tensor qkv = GradCheck.constant(rng, 1.5f, b * t, 3 * c);
        Tensor out = Attention.causalSelfAttention(qkv, b, t, nHead);
        assertArrayEquals(new int[]{b * t, c}, out.shape);
        double[] ref = naive(qkv.data, b, t, nHead, c);
        for (int i = 0; i < ref.length; i++) assertEquals(ref[i], out.data[i], 1e-5, "element " + i);
    }

    @Test void keepsLeadingShape() {
        Tensor qkv = GradCheck.constant(rng, 1f, 2, 3, 12);
        assertArrayEquals(new int[]{2, 3, 4}, Attention.causalSelfAttention(qkv, 2, 3, 2).shape);
    }

    @Test void firstPositionIsItsOwnValue() {
        Tensor qkv = GradCheck.constant(rng, 3f, 2 * 4, 3 * 8);
        Tensor out = Attention.causalSelfAttention(qkv, 2, 4, 2);
        for (int bi = 0; bi < 2; bi++)
            for (int e = 0; e < 8; e++) assertEquals(qkv.data[bi * 4 * 24 + 16 + e], out.data[bi * 4 * 8 + e], 1e-6);
    }

    @ParameterizedTest(name = "B={0} T={1} nHead={2} C={3}")
    @CsvSource({"2,5,2,8", "2,1,2,8", "1,3,1,4"})
    void gradient(int b, int t, int nHead, int c) {
        GradCheck.check(in -> Attention.causalSelfAttention(in.get(0), b, t, nHead), param(rng, 1.5f, b * t, 3 * c));
    }

    @Test void gradientAcrossCausalBlocks() {
        // T = 150 spans three 64-row causal blocks, the last one partial.
        int b = 1, t = 150, nHead = 2, c = 8;
        new GradCheck().sample(60).assertOk(in -> Attention.causalSelfAttention(in.get(0), b, t, nHead),
                List.of(param(rng, 1f, b * t, 3 * c)));
    }

    @Test void gradientOnParallelPath() {
        // Enough rows that the softmax loops run on several threads; a sample is checked.
        int b = 2, t = 64, nHead = 4, c = 32;
        new GradCheck().sample(24).assertOk(in -> Attention.causalSelfAttention(in.get(0), b, t, nHead),
                List.of(param(rng, 1f, b * t, 3 * c)));
        Tensor qkv = GradCheck.constant(rng, 1f, b * t, 3 * c);
        double[] ref = naive(qkv.data, b, t, nHead, c);
        float[] out = Attention.causalSelfAttention(qkv, b, t, nHead).data;
        for (int i = 0; i < ref.length; i++) assertEquals(ref[i], out[i], 1e-5);
    }

    @Test void gradientThroughProjection() {
        // x -> linear to qkv -> attention -> linear, as in a GPT-2 block.
        int b = 2, t = 3, c = 4;
        Tensor x = param(rng, 1f, b * t, c), wa = param(rng, 0.8f, c, 3 * c), ba = param(rng, 0.3f, 3 * c), wp = param(rng, 0.8f, c, c);
        GradCheck.check(in -> NnOps.linear(Attention.causalSelfAttention(NnOps.linear(in.get(0), in.get(1), in.get(2)), b, t, 2),
                in.get(3), null), x, wa, ba, wp);
    }

    @Test void outputDoesNotDependOnFuturePositions() {
        int b = 2, t = 6, nHead = 2, c = 8;
        Tensor qkv = GradCheck.constant(rng, 1f, b * t, 3 * c);
        float[] before = Attention.causalSelfAttention(qkv, b, t, nHead).data;
        for (int pos = 0; pos < t; pos++) {
            float[] changed = qkv.data.clone();
            for (int bi = 0; bi < b; bi++)
                for (int later = pos + 1; later < t; later++)
                    for (int e = 0; e < 3 * c; e++) changed[(bi * t + later) * 3 * c + e] += 5f * (rng.nextFloat() - 0.5f);
            float[] after = Attention.causalSelfAttention(Tensor.of(changed, b * t, 3 * c), b, t, nHead).data;
            for (int bi = 0; bi < b; bi++)
                for (int i = 0; i <= pos; i++)
                    for (int e = 0; e < c; e++) {
                        int k = (bi * t + i) * c + e;
                        assertEquals(before[k], after[k], 1e-6, "batch " + bi + " position " + i + " changed when positions > " + pos + " did");
                    }
        }
    }

    @Test void gradientDoesNotFlowFromThePast() {
        // The loss at positions <= pos sends no gradient to any input at positions > pos.
        int b = 2, t = 5, nHead = 2, c = 8, pos = 2;
        Tensor qkv = param(rng, 1f, b * t, 3 * c);
        float[] upstream = new float[b * t * c];
        for (int bi = 0; bi < b; bi++)
            for (int i = 0; i <= pos; i++)
                for (int e = 0; e < c; e++) upstream[(bi * t + i) * c + e] = rng.nextFloat() - 0.5f;
        Attention.causalSelfAttention(qkv, b, t, nHead).backward(upstream);
        float[] g = qkv.grad();
        for (int bi = 0; bi < b; bi++)
            for (int i = 0; i < t; i++) {
                double norm = 0;
                for (int e = 0; e < 3 * c; e++) norm += Math.abs(g[(bi * t + i) * 3 * c + e]);
                if (i > pos) assertEquals(0.0, norm, "gradient reached position " + i);
                else assertTrue(norm > 0, "no gradient at position " + i);
            }
    }

    @Test void batchesAreIndependent() {
        int b = 2, t = 4, nHead = 2, c = 8;
        Tensor qkv = GradCheck.constant(rng, 1f, b * t, 3 * c);
        float[] before = Attention.causalSelfAttention(qkv, b, t, nHead).data;
        float[] changed = qkv.data.clone();
        for (int k = t * 3 * c; k < changed.length; k++) changed[k] = -changed[k];
        float[] after = Attention.causalSelfAttention(Tensor.of(changed, b * t, 3 * c), b, t, nHead).data;
        for (int k = 0; k < t * c; k++) assertEquals(before[k], after[k], 1e-6);
    }

    @ParameterizedTest(name = "pairs per group {0}")
    @CsvSource({"1", "4", "5"})
    void groupingDoesNotChangeResults(int group) {
        // 3 sequences x 3 heads = 9 pairs: groups that split a sequence's heads and a ragged last group.
        int b = 3, t = 70, nHead = 3, c = 12;
        Tensor qkv = GradCheck.constant(rng, 1f, b * t, 3 * c);
        float[] up = GradCheck.constant(rng, 1f, b * t, c).data;
        Tensor all = Tensor.parameter(qkv.data.clone(), b * t, 3 * c), grouped = Tensor.parameter(qkv.data.clone(), b * t, 3 * c);
        Tensor outAll = Attention.causalSelfAttention(all, b, t, nHead, b * nHead);
        Tensor outGrouped = Attention.causalSelfAttention(grouped, b, t, nHead, group);
        assertArrayEquals(outAll.data, outGrouped.data);
        outAll.backward(up);
        outGrouped.backward(up);
        assertArrayEquals(all.grad(), grouped.grad());
    }

    @Test void gradientWithSmallGroups() {
        int b = 2, t = 5, nHead = 3, c = 12;
        GradCheck.check(in -> Attention.causalSelfAttention(in.get(0), b, t, nHead, 2), param(rng, 1.5f, b * t, 3 * c));
    }

    @Test void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> Attention.causalSelfAttention(Tensor.zeros(6, 25), 2, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> Attention.causalSelfAttention(Tensor.zeros(6, 24), 2, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> Attention.causalSelfAttention(Tensor.zeros(6, 24), 2, 4, 2));
    }
}
