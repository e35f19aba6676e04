package dev.jgpt.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class HeadLossTest {
    static Tensor rand(Random r, float scale, int... shape) {
        float[] d = new float[Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) (r.nextGaussian() * scale);
        return Tensor.parameter(d, shape);
    }

    @Test
    void matchesUnfusedHeadAndCrossEntropy() {
        Random r = new Random(4);
        // 600 rows spans several chunks; some rows ignored.
        Tensor h1 = rand(r, 1f, 600, 16), w1 = rand(r, 0.5f, 37, 16);
        Tensor h2 = Tensor.parameter(h1.data.clone(), 600, 16), w2 = Tensor.parameter(w1.data.clone(), 37, 16);
        int[] t = new int[600];
        for (int i = 0; i < t.length; i++) t[i] = i % 7 == 0 ? -1 : r.nextInt(37);
        Tensor fused = HeadLoss.tiedHeadCrossEntropy(h1, w1, t, -1, 256);
        Tensor ref = NnOps.crossEntropy(Ops.matmul(h2, w2, false, true), t, -1);
        assertEquals(ref.item(), fused.item(), 1e-5);
        Ops.scale(fused, 3f).backward();
        Ops.scale(ref, 3f).backward();
        for (int i = 0; i < h1.numel(); i++) assertEquals(h2.grad()[i], h1.grad()[i], 1e-6);
        for (int i = 0; i < w1.numel(); i++) assertEquals(w2.grad()[i], w1.grad()[i], 1e-6);
    }

    @Test
    void gradientCheck() {
        Random r = new Random(2);
        int[] t = {1, 4, -1, 0, 3};
        GradCheck.check(in -> HeadLoss.tiedHeadCrossEntropy(in.get(0), in.get(1), t, -1),
                rand(r, 1f, 5, 6), rand(r, 1f, 5, 6));
    }

    @Test
    void noGradModeKeepsNoGradients() {
        Random r = new Random(1);
        Tensor h = rand(r, 1f, 4, 8), w = rand(r, 1f, 10, 8);
        try (var g = GradMode.off()) {
            Tensor l = HeadLoss.tiedHeadCrossEntropy(h, w, new int[]{1, 2, 3, 4}, -1);
            assertFalse(l.requiresGrad());
            assertTrue(l.item() > 0);
        }
    }
}
