package dev.jgpt.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The checker itself: it must pass correct gradients and reject subtly wrong ones. */
class GradCheckTest {
    private final Random rng = new Random(7);

    /** x^2 elementwise with a backward scaled by {@code factor} (1 is correct). */
    private static Tensor square(Tensor x, float factor) {
        float[] xd = x.data, y = new float[xd.length];
        for (int i = 0; i < y.length; i++) y[i] = xd[i] * xd[i];
        return Tensor.result("square", y, x.shape.clone(), t -> {
            float[] g = t.parent(0).gradOrZeros();
            for (int i = 0; i < g.length; i++) g[i] += factor * 2 * xd[i] * t.grad[i];
        }, x);
    }

    /** Transpose of an n x n matrix whose backward forgets to transpose back when {@code buggy}. */
    private static Tensor transposeSquare(Tensor x, boolean buggy) {
        int n = x.shape[0];
        float[] y = new float[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) y[j * n + i] = x.data[i * n + j];
        return Tensor.result("t", y, new int[]{n, n}, t -> {
            float[] g = t.parent(0).gradOrZeros();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) g[i * n + j] += buggy ? t.grad[i * n + j] : t.grad[j * n + i];
        }, x);
    }

    @Test void acceptsCorrectGradient() {
        Tensor x = GradCheck.param(rng, 1f, 3, 4);
        GradCheck.Report r = GradCheck.check(in -> square(in.get(0), 1f), x);
        assertTrue(r.maxRelError() < 1e-3, r.toString());
    }

    @Test void rejectsGradientOffByTenPercent() {
        Tensor x = GradCheck.param(rng, 1f, 3, 4);
        GradCheck.Report r = new GradCheck().run(in -> square(in.get(0), 1.1f), List.of(x));
        assertFalse(r.ok(), r.toString());
        assertThrows(AssertionError.class, () -> GradCheck.check(in -> square(in.get(0), 1.1f), x));
    }

    @Test void rejectsGradientOffByTwoPercent() {
        Tensor x = GradCheck.param(rng, 1f, 3, 4);
        assertFalse(new GradCheck().run(in -> square(in.get(0), 1.02f), List.of(x)).ok());
    }

    @Test void sampledCheckStillRejects() {
        Tensor x = GradCheck.param(rng, 1f, 40, 40);
        assertTrue(new GradCheck().sample(6).run(in -> square(in.get(0), 1f), List.of(x)).ok());
        GradCheck.Report r = new GradCheck().sample(6).run(in -> square(in.get(0), 1.1f), List.of(x));
        assertFalse(r.ok());
        assertEquals(6, r.inputs.get(0).analytic.length);
    }

    @Test void rejectsTransposedGradient() {
        Tensor x = GradCheck.param(rng, 1f, 4, 4);
        GradCheck.check(in -> transposeSquare(in.get(0), false), x);
        assertThrows(AssertionError.class, () -> GradCheck.check(in -> transposeSquare(in.get(0), true), x));
    }

    @Test void rejectsMissingGradient() {
        Tensor x = GradCheck.param(rng, 1f, 2, 3), y = GradCheck.param(rng, 1f, 2, 3);
        // detach() shares y's values but cuts it from the graph: y's gradient is missing.
        GradCheck.Report r = new GradCheck().run(in -> Ops.mul(in.get(0), in.get(1).detach()), List.of(x, y));
        assertTrue(r.inputs.get(0).ok);
        assertFalse(r.inputs.get(1).ok);
    }

    @Test void rejectsGradientOfWrongSignInOneElement() {
        Tensor x = GradCheck.param(rng, 0.5f, 1f, 16);
        GradCheck.Report r = new GradCheck().run(in -> {
            Tensor a = in.get(0);
            float[] y = a.data.clone();
            return Tensor.result("id_bad", y, a.shape.clone(), t -> {
                float[] g = t.parent(0).gradOrZeros();
                for (int i = 0; i < g.length; i++) g[i] += i == 5 ? -t.grad[i] : t.grad[i];
            }, a);
        }, List.of(x));
        assertFalse(r.ok(), r.toString());
    }

    @Test void inputsAreRestoredAfterTheCheck() {
        Tensor x = GradCheck.param(rng, 1f, 5);
        float[] before = x.data.clone();
        GradCheck.check(in -> Ops.tanh(in.get(0)), x);
        assertArrayEquals(before, x.data);
        assertNull(x.grad());
    }

    @Test void refusesConstantInputs() {
        Tensor c = GradCheck.constant(rng, 1f, 3);
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(in -> Ops.tanh(in.get(0)), c));
    }
}
