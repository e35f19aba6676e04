package dev.jgpt.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static dev.jgpt.tensor.GradCheck.param;
import static org.junit.jupiter.api.Assertions.*;

/** Finite-difference gradient checks for {@link NnOps}. */
class NnOpsGradientTest {
    private final Random rng = new Random(11);

    private static void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) { GradCheck.check(f, inputs); }

    @Test void linearAllInputs() {
        Tensor x = param(rng, 1f, 2, 3, 4), w = param(rng, 1f, 4, 5), b = param(rng, 1f, 5);
        check(in -> NnOps.linear(in.get(0), in.get(1), in.get(2)), x, w, b);
    }

    @Test void linearWithResidual() {
        Tensor x = param(rng, 1f, 3, 4), w = param(rng, 1f, 4, 5), b = param(rng, 1f, 5), r = param(rng, 1f, 3, 5);
        check(in -> NnOps.linear(in.get(0), in.get(1), in.get(2), in.get(3)), x, w, b, r);
    }

    @Test void geluLinearAllInputs() {
        Tensor h = param(rng, 1.5f, 3, 4), w = param(rng, 1f, 4, 5), b = param(rng, 1f, 5), r = param(rng, 1f, 3, 5);
        check(in -> NnOps.geluLinear(in.get(0), in.get(1), in.get(2), in.get(3)), h, w, b, r);
        check(in -> NnOps.geluLinear(in.get(0), in.get(1), null, null), param(rng, 1.5f, 2, 4), param(rng, 1f, 4, 3));
    }

    @Test void geluLinearInRowBlocks() {
        // 7 rows in blocks of 3: two full blocks and a ragged one.
        Tensor h = param(rng, 1.5f, 7, 4), w = param(rng, 1f, 4, 5), b = param(rng, 1f, 5), r = param(rng, 1f, 7, 5);
        check(in -> NnOps.geluLinear(in.get(0), in.get(1), in.get(2), in.get(3), 3), h, w, b, r);
        float[] blocked = NnOps.geluLinear(h, w, b, r, 3).data, whole = NnOps.geluLinear(h, w, b, r, 7).data;
        for (int i = 0; i < whole.length; i++) assertEquals(whole[i], blocked[i], 1e-6f);
    }

    @Test void layerNormLinearAllInputs() {
        Tensor x = param(rng, 1f, 2, 3, 4), g = param(rng, 1f, 4), beta = param(rng, 1f, 4), w = param(rng, 1f, 4, 5), b = param(rng, 1f, 5);
        check(in -> NnOps.layerNormLinear(in.get(0), in.get(1), in.get(2), 1e-5f, in.get(3), in.get(4)), x, g, beta, w, b);
        check(in -> NnOps.layerNormLinear(in.get(0), null, null, 1e-5f, in.get(1), null), param(rng, 1f, 3, 4), param(rng, 1f, 4, 2));
    }

    @Test void layerNormLinearEqualsLayerNormThenLinear() {
        // Same values and gradients, bit for bit, as the two ops unfused.
        Tensor x1 = param(rng, 1f, 6, 8), g = param(rng, 1f, 8), beta = param(rng, 1f, 8), w = param(rng, 1f, 8, 3), b = param(rng, 1f, 3);
        Tensor x2 = Tensor.parameter(x1.data.clone(), 6, 8);
        float[] up = GradCheck.constant(rng, 1f, 6, 3).data;
        Tensor fused = NnOps.layerNormLinear(x1, g, beta, 1e-5f, w, b);
        float[] gw1 = grads(fused, up, x1, g, beta, w, b);
        Tensor plain = NnOps.linear(NnOps.layerNorm(x2, g, beta, 1e-5f), w, b);
        assertArrayEquals(plain.data, fused.data);
        float[] gw2 = grads(plain, up, x2, g, beta, w, b);
        assertArrayEquals(gw2, gw1);
    }

    /** Backpropagates up and returns every input's gradient concatenated; resets the shared parameters' gradients. */
    private static float[] grads(Tensor out, float[] up, Tensor... inputs) {
        out.backward(up);
        java.util.List<Float> all = new java.util.ArrayList<>();
        for (Tensor t : inputs) { for (float v : t.grad()) all.add(v); t.zeroGrad(); }
        float[] r = new float[all.size()];
        for (int i = 0; i < r.length; i++) r[i] = all.get(i);
        return r;
    }

    @Test void geluLinearEqualsGeluThenLinear() {
        Tensor h = param(rng, 1.5f, 6, 8), w = param(rng, 1f, 8, 3), b = param(rng, 1f, 3);
        float[] fused = NnOps.geluLinear(h, w, b, null).data, plain = NnOps.linear(NnOps.gelu(h), w, b).data;
        for (int i = 0; i < fused.length; i++) org.junit.jupiter.api.Assertions.assertEquals(plain[i], fused[i], 1e-5f);
    }

    @Test void linearWithoutBias() {
        Tensor x = param(rng, 1f, 3, 4), w = param(rng, 1f, 4, 2);
        check(in -> NnOps.linear(in.get(0), in.get(1), null), x, w);
    }

    @Test void linearConstantInput() {
        Tensor x = GradCheck.constant(rng, 1f, 3, 4), w = param(rng, 1f, 4, 2), b = param(rng, 1f, 2);
        check(in -> NnOps.linear(x, in.get(0), in.get(1)), w, b);
    }

    @Test void layerNormAllInputs() {
        Tensor x = param(rng, 2f, 2, 3, 6), w = param(rng, 0.5f, 1.5f, 6), b = param(rng, 1f, 6);
        check(in -> NnOps.layerNorm(in.get(0), in.get(1), in.get(2), 1e-5f), x, w, b);
    }

    @Test void layerNormWithoutAffine() {
        check(in -> NnOps.layerNorm(in.get(0), null, null, 1e-5f), param(rng, 2f, 4, 5));
    }

    /**
     * Inputs large enough that forward and backward split their loops across threads
     * ({@link Parallel}); a random sample of elements is checked numerically.
     */
    @Test void parallelPathsOnLargeInputs() {
        GradCheck gc = new GradCheck().sample(24);
        Tensor x = param(rng, 2f, 512, 16), w = param(rng, 0.5f, 1.5f, 16), b = param(rng, 1f, 16);
        gc.assertOk(in -> NnOps.layerNorm(in.get(0), in.get(1), in.get(2), 1e-5f), List.of(x, w, b));
        gc.assertOk(in -> NnOps.gelu(in.get(0)), List.of(param(rng, 3f, 64, 64)));
        Tensor logits = param(rng, 2f, 256, 64);
        gc.assertOk(in -> NnOps.softmax(in.get(0)), List.of(logits));
        gc.assertOk(in -> NnOps.logSoftmax(in.get(0)), List.of(logits));
    }

    /**
     * Cross-entropy on the parallel path. Its scalar loss is rounded to float, which swamps
     * finite differences of ~1e-5 per-logit gradients, so compare with the closed form
     * (softmax - onehot) / counted rows instead; the small checks above cover the formula.
     */
    @Test void crossEntropyParallelPathMatchesClosedForm() {
        int rows = 256, v = 64;
        Tensor logits = param(rng, 3f, rows, v);
        int[] targets = new int[rows];
        int counted = 0;
        for (int i = 0; i < rows; i++) {
            targets[i] = i % 7 == 3 ? -100 : rng.nextInt(v);
            if (targets[i] != -100) counted++;
        }
        Tensor loss = NnOps.crossEntropy(logits, targets, -100);
        assertEquals(NnOpsForwardTest.crossEntropyRef(logits.data, targets, v, -100), loss.item(), 1e-5);
        loss.backward(new float[]{0.7f});
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, z = 0;
            for (int i = 0; i < v; i++) max = Math.max(max, logits.data[r * v + i]);
            for (int i = 0; i < v; i++) z += Math.exp(logits.data[r * v + i] - max);
            for (int i = 0; i < v; i++) {
                double expected = targets[r] == -100 ? 0
                        : 0.7 * (Math.exp(logits.data[r * v + i] - max) / z - (i == targets[r] ? 1 : 0)) / counted;
                assertEquals(expected, logits.grad()[r * v + i], 1e-7, "row " + r + " logit " + i);
            }
        }
    }

    @Test void gelu() { check(in -> NnOps.gelu(in.get(0)), param(rng, 3f, 5, 7)); }

    @Test void softmax() { check(in -> NnOps.softmax(in.get(0)), param(rng, 2f, 2, 3, 5)); }

    @Test void logSoftmax() { check(in -> NnOps.logSoftmax(in.get(0)), param(rng, 2f, 2, 3, 5)); }

    @Test void crossEntropy() {
        check(in -> NnOps.crossEntropy(in.get(0), new int[]{0, 4, 2, 2}, -100), param(rng, 2f, 4, 5));
    }

    @Test void crossEntropyWithIgnoredRows() {
        Tensor logits = param(rng, 2f, 2, 3, 5);
        int[] targets = {1, -100, 4, -100, 0, 3};
        check(in -> NnOps.crossEntropy(in.get(0), targets, -100), logits);
        // Ignored rows get exactly zero gradient.
        NnOps.crossEntropy(logits, targets, -100).backward();
        for (int r : new int[]{1, 3}) for (int j = 0; j < 5; j++) assertEquals(0f, logits.grad()[r * 5 + j]);
    }

    @Test void crossEntropyAllIgnored() {
        Tensor logits = param(rng, 2f, 2, 3);
        Tensor loss = NnOps.crossEntropy(logits, new int[]{-1, -1}, -1);
        assertEquals(0f, loss.item());
        loss.backward();
        if (logits.grad() != null) for (float g : logits.grad()) assertEquals(0f, g);
    }

    @Test void dropoutGivenItsMask() {
        // A fixed seed fixes the mask, so dropout is linear in x and the check is exact.
        Tensor x = param(rng, 1f, 6, 7);
        check(in -> NnOps.dropout(in.get(0), 0.3f, 99L), x);
    }

    @Test void gptBlockComposite() {
        // ln -> linear -> gelu -> linear -> residual -> cross-entropy; gradients for all weights.
        int c = 4, h = 6, v = 5;
        Tensor x = param(rng, 1f, 3, c), lw = param(rng, 0.5f, 1.5f, c), lb = param(rng, 0.5f, c);
        Tensor w1 = param(rng, 0.7f, c, h), b1 = param(rng, 0.3f, h), w2 = param(rng, 0.7f, h, c), head = param(rng, 1f, c, v);
        int[] targets = {2, 0, 4};
        check(in -> {
            Tensor n = NnOps.layerNorm(in.get(0), in.get(1), in.get(2), 1e-5f);
            Tensor mlp = NnOps.linear(NnOps.gelu(NnOps.linear(n, in.get(3), in.get(4))), in.get(5), null);
            Tensor res = Ops.add(in.get(0), mlp);
            return NnOps.crossEntropy(NnOps.linear(res, in.get(6), null), targets, -100);
        }, x, lw, lb, w1, b1, w2, head);
    }
}
