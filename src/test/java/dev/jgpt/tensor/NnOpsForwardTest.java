package dev.jgpt.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Forward values of {@link NnOps} against naive double-precision references. */
class NnOpsForwardTest {
    private final Random rng = new Random(3);

    @Test void linearMatchesNaive() {
        Tensor x = GradCheck.constant(rng, 1f, 2, 3, 4), w = GradCheck.constant(rng, 1f, 4, 5), b = GradCheck.constant(rng, 1f, 5);
        Tensor y = NnOps.linear(x, w, b), y0 = NnOps.linear(x, w, null);
        assertArrayEquals(new int[]{2, 3, 5}, y.shape);
        for (int r = 0; r < 6; r++)
            for (int o = 0; o < 5; o++) {
                double acc = 0;
                for (int i = 0; i < 4; i++) acc += (double) x.data[r * 4 + i] * w.data[i * 5 + o];
                assertEquals(acc + b.data[o], y.data[r * 5 + o], 1e-5);
                assertEquals(acc, y0.data[r * 5 + o], 1e-5);
            }
        assertThrows(IllegalArgumentException.class, () -> NnOps.linear(Tensor.zeros(2, 3), w, b));
    }

    @Test void layerNormMatchesNaive() {
        int rows = 7, c = 10;
        Tensor x = GradCheck.constant(rng, 3f, rows, c), w = GradCheck.constant(rng, 1f, c), b = GradCheck.constant(rng, 1f, c);
        for (int i = 0; i < c; i++) x.data[i] += 100f; // an offset row: the variance must be centred
        float eps = 1e-5f;
        Tensor y = NnOps.layerNorm(x, w, b, eps), plain = NnOps.layerNorm(x, null, null, eps);
        for (int r = 0; r < rows; r++) {
            double m = 0, v = 0;
            for (int i = 0; i < c; i++) m += x.data[r * c + i];
            m /= c;
            for (int i = 0; i < c; i++) v += Math.pow(x.data[r * c + i] - m, 2);
            v /= c; // biased variance, as in PyTorch
            for (int i = 0; i < c; i++) {
                double n = (x.data[r * c + i] - m) / Math.sqrt(v + eps);
                assertEquals(n, plain.data[r * c + i], 1e-4);
                assertEquals(n * w.data[i] + b.data[i], y.data[r * c + i], 1e-4);
            }
        }
    }

    @Test void layerNormOfConstantRowIsBias() {
        Tensor x = Tensor.of(new float[]{2f, 2f, 2f, 2f}, 1, 4), b = Tensor.of(new float[]{1f, 2f, 3f, 4f}, 4);
        Tensor y = NnOps.layerNorm(x, Tensor.of(new float[]{5f, 5f, 5f, 5f}, 4), b, 1e-5f);
        assertArrayEquals(b.data, y.data, 1e-6f);
    }

    static double geluRef(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    @Test void geluMatchesFormula() {
        // 37 values: exercises both the vector loop and the scalar tail.
        float[] xs = new float[37];
        for (int i = 0; i < xs.length; i++) xs[i] = -9f + i * 0.5f;
        Tensor y = NnOps.gelu(Tensor.of(xs, 37));
        for (int i = 0; i < xs.length; i++) assertEquals(geluRef(xs[i]), y.data[i], 1e-5 + 1e-5 * Math.abs(xs[i]), "x=" + xs[i]);
        assertEquals(0f, NnOps.gelu(Tensor.of(new float[]{0f}, 1)).data[0]);
    }

    @Test void softmaxRowsSumToOne() {
        Tensor x = GradCheck.constant(rng, 5f, 4, 3, 19);
        x.data[0] = 1000f; // large logits stay finite
        x.data[1] = -1000f;
        Tensor y = NnOps.softmax(x);
        for (int r = 0; r < 12; r++) {
            double s = 0;
            for (int i = 0; i < 19; i++) {
                float p = y.data[r * 19 + i];
                assertTrue(p >= 0 && p <= 1, "p=" + p);
                s += p;
            }
            assertEquals(1.0, s, 1e-5);
        }
        assertEquals(1f, y.data[0], 1e-6);
        // Matches exp(x - max) / sum on an ordinary row.
        double max = Double.NEGATIVE_INFINITY, z = 0;
        for (int i = 0; i < 19; i++) max = Math.max(max, x.data[19 + i]);
        for (int i = 0; i < 19; i++) z += Math.exp(x.data[19 + i] - max);
        for (int i = 0; i < 19; i++) assertEquals(Math.exp(x.data[19 + i] - max) / z, y.data[19 + i], 1e-6);
    }

    @Test void logSoftmaxIsLogOfSoftmax() {
        Tensor x = GradCheck.constant(rng, 4f, 5, 11);
        Tensor ls = NnOps.logSoftmax(x), s = NnOps.softmax(x);
        for (int i = 0; i < x.numel(); i++) assertEquals(Math.log(s.data[i]), ls.data[i], 1e-5);
        float[] big = {500f, 0f, -500f};
        Tensor lb = NnOps.logSoftmax(Tensor.of(big, 1, 3));
        assertEquals(0f, lb.data[0], 1e-6);
        assertEquals(-500f, lb.data[1], 1e-3);
        assertEquals(-1000f, lb.data[2], 1e-3);
    }

    static double crossEntropyRef(float[] logits, int[] targets, int v, int ignore) {
        double total = 0;
        int n = 0;
        for (int r = 0; r < targets.length; r++) {
            if (targets[r] == ignore) continue;
            double max = Double.NEGATIVE_INFINITY, z = 0;
            for (int i = 0; i < v; i++) max = Math.max(max, logits[r * v + i]);
            for (int i = 0; i < v; i++) z += Math.exp(logits[r * v + i] - max);
            total += max + Math.log(z) - logits[r * v + targets[r]];
            n++;
        }
        return n == 0 ? 0 : total / n;
    }

    @Test void crossEntropyMatchesLogSumExp() {
        int v = 13;
        Tensor logits = GradCheck.constant(rng, 6f, 2, 4, v);
        logits.data[5] = 90f; // stability
        int[] targets = {0, 12, -100, 5, 5, -100, 7, 1};
        double ref = crossEntropyRef(logits.data, targets, v, -100);
        assertEquals(ref, NnOps.crossEntropy(logits, targets, -100).item(), 1e-5 * Math.max(1, ref));
        // Same value with gradients recorded, and with grad mode off.
        Tensor p = Tensor.parameter(logits.data.clone(), 8, v);
        assertEquals(ref, NnOps.crossEntropy(p, targets, -100).item(), 1e-5 * Math.max(1, ref));
        try (var g = GradMode.off()) {
            assertEquals(ref, NnOps.crossEntropy(p, targets, -100).item(), 1e-5 * Math.max(1, ref));
        }
    }

    @Test void crossEntropyOfUniformLogitsIsLogV() {
        assertEquals(Math.log(50), NnOps.crossEntropy(Tensor.zeros(3, 50), new int[]{0, 49, 7}, -1).item(), 1e-5);
    }

    @Test void crossEntropyRejectsBadTargets() {
        assertThrows(IllegalArgumentException.class, () -> NnOps.crossEntropy(Tensor.zeros(2, 5), new int[]{0, 5}, -100));
        assertThrows(IllegalArgumentException.class, () -> NnOps.crossEntropy(Tensor.zeros(2, 5), new int[]{0}, -100));
    }

    @Test void dropoutWithZeroProbabilityIsIdentity() {
        Tensor x = GradCheck.param(rng, 1f, 4, 5);
        Tensor y = NnOps.dropout(x, 0f, 1L);
        assertArrayEquals(x.data, y.data);
        Ops.sum(y).backward();
        for (float g : x.grad()) assertEquals(1f, g);
    }

    @Test void dropoutIsReproducibleFromItsSeed() {
        Tensor x = GradCheck.constant(rng, 1f, 50, 40);
        for (int i = 0; i < x.numel(); i++) if (x.data[i] == 0f) x.data[i] = 0.5f;
        float p = 0.25f;
        float[] a = NnOps.dropout(x, p, 77L).data, b = NnOps.dropout(x, p, 77L).data, c = NnOps.dropout(x, p, 78L).data;
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        int dropped = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0f) dropped++;
            else assertEquals(x.data[i] / (1 - p), a[i], 1e-6);
        }
        assertEquals(p, dropped / (double) a.length, 0.03); // 2000 draws: sd ~0.01
    }

    @Test void dropoutGradientFollowsTheMask() {
        Tensor x = GradCheck.param(rng, 0.5f, 1f, 30, 30);
        float p = 0.4f;
        Tensor y = NnOps.dropout(x, p, 5L);
        Ops.sum(y).backward();
        for (int i = 0; i < x.numel(); i++) assertEquals(y.data[i] == 0f ? 0f : 1f / (1 - p), x.grad()[i], 1e-6);
    }
}
