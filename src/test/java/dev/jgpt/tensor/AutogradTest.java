package dev.jgpt.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/** Graph mechanics: accumulation, grad mode, scalar-only backward, shared subgraphs. */
class AutogradTest {

    private static Tensor p(float... v) { return Tensor.parameter(v, v.length); }

    @Test void tensorUsedTwiceAccumulates() {
        Tensor x = p(1.5f, -2f, 3f);
        Ops.sum(Ops.mul(x, x)).backward();
        assertArrayEquals(new float[]{3f, -4f, 6f}, x.grad(), 1e-6f);
    }

    @Test void tensorUsedInSeveralOpsAccumulates() {
        Tensor x = p(2f, 3f);
        // y = x + 3x + exp(0)*x -> dy/dx = 5
        Tensor y = Ops.add(Ops.add(x, Ops.scale(x, 3f)), Ops.mul(x, Ops.exp(Tensor.zeros(2))));
        Ops.sum(y).backward();
        assertArrayEquals(new float[]{5f, 5f}, x.grad(), 1e-6f);
    }

    @Test void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = p(1f, 2f);
        Ops.sum(Ops.scale(x, 3f)).backward();
        assertArrayEquals(new float[]{3f, 3f}, x.grad());
        Ops.sum(Ops.mul(x, x)).backward();
        assertArrayEquals(new float[]{5f, 7f}, x.grad());
        x.zeroGrad();
        assertArrayEquals(new float[]{0f, 0f}, x.grad());
        x.dropGrad();
        assertNull(x.grad());
    }

    @Test void diamondGraph() {
        // y = tanh(x); z = sum(y * exp(y) + y): both branches flow back through y once.
        Tensor x = p(0.3f, -0.8f, 1.2f);
        Tensor y = Ops.tanh(x);
        Ops.sum(Ops.add(Ops.mul(y, Ops.exp(y)), y)).backward();
        for (int i = 0; i < 3; i++) {
            double t = Math.tanh(x.data[i]);
            double expected = ((1 + t) * Math.exp(t) + 1) * (1 - t * t);
            assertEquals(expected, x.grad()[i], 1e-5);
        }
        GradCheck.check(in -> {
            Tensor yy = Ops.tanh(in.get(0));
            return Ops.add(Ops.mul(yy, Ops.exp(yy)), yy);
        }, x);
    }

    @Test void wideDiamondWithBroadcast() {
        // One node feeding four consumers of different shapes, recombined.
        Tensor x = Tensor.parameter(new float[]{0.5f, -1f, 2f, 0.25f, 1f, -0.5f}, 2, 3);
        GradCheck.check(in -> {
            Tensor h = Ops.tanh(in.get(0));
            Tensor a = Ops.sum(h, 0), b = Ops.sum(h, 1);
            Tensor c = Ops.matmul(h, h, false, true);
            return Ops.add(Ops.mul(Ops.sum(c), Ops.sum(a)), Ops.mul(Ops.sum(b), Ops.sum(h)));
        }, x);
    }

    @Test void gradModeOffRecordsNothing() {
        Tensor x = p(1f, 2f);
        Tensor y;
        try (var g = GradMode.off()) {
            assertFalse(GradMode.isEnabled());
            y = Ops.mul(x, x);
            assertFalse(y.requiresGrad());
            assertFalse(NnOps.softmax(x).requiresGrad());
            assertFalse(Ops.sum(y).requiresGrad());
        }
        assertTrue(GradMode.isEnabled());
        assertArrayEquals(new float[]{1f, 4f}, y.data);
        assertThrows(IllegalStateException.class, () -> Ops.sum(y).backward());
        assertTrue(Ops.mul(x, x).requiresGrad());
    }

    @Test void gradModeScopesNestAndRestore() {
        try (var outer = GradMode.off()) {
            try (var inner = GradMode.off()) {
                assertFalse(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled(), "closing the inner scope must not re-enable");
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test void gradModeIsPerThread() throws Exception {
        AtomicBoolean other = new AtomicBoolean();
        try (var g = GradMode.off()) {
            Thread t = new Thread(() -> other.set(Ops.mul(p(1f), p(2f)).requiresGrad()));
            t.start();
            t.join();
        }
        assertTrue(other.get());
    }

    @Test void constantsGetNoGraph() {
        Tensor a = Tensor.of(new float[]{1f, 2f}, 2);
        Tensor y = Ops.mul(a, a);
        assertFalse(y.requiresGrad());
        assertThrows(IllegalStateException.class, () -> Ops.sum(y).backward());
        // A constant next to a parameter gets no gradient.
        Tensor x = p(3f, 4f);
        Ops.sum(Ops.mul(a, x)).backward();
        assertNull(a.grad());
        assertArrayEquals(new float[]{1f, 2f}, x.grad());
    }

    @Test void detachCutsTheGraph() {
        Tensor x = p(2f);
        Tensor y = Ops.mul(x, x.detach());
        y.backward();
        assertArrayEquals(new float[]{2f}, x.grad()); // only through the live factor
        assertFalse(x.detach().requiresGrad());
    }

    @Test void backwardNeedsAScalar() {
        Tensor x = p(1f, 2f);
        assertThrows(IllegalStateException.class, () -> Ops.scale(x, 2f).backward());
        // An explicit upstream gradient works for any shape.
        Ops.scale(x, 2f).backward(new float[]{1f, -1f});
        assertArrayEquals(new float[]{2f, -2f}, x.grad());
    }

    @Test void intermediateGradientsAreReleased() {
        Tensor x = p(1f, 2f);
        Tensor h = Ops.tanh(x);
        Ops.sum(h).backward();
        assertNull(h.grad());
        assertNotNull(x.grad());
    }

    @Test void deepChainDoesNotOverflowTheStack() {
        Tensor x = p(1f);
        Tensor y = x;
        for (int i = 0; i < 50_000; i++) y = Ops.affine(y, 1f, 0.001f);
        y.backward();
        assertArrayEquals(new float[]{1f}, x.grad());
    }

    @Test void backwardOnAParameterItself() {
        Tensor x = Tensor.parameter(new float[]{3f});
        x.backward();
        assertArrayEquals(new float[]{1f}, x.grad());
    }

    @Test
    void secondBackwardThroughAFreedGraphIsAnError() {
        Tensor x = Tensor.parameter(new float[]{0.3f, -0.2f}, 2);
        Tensor h = Ops.tanh(x);
        Ops.sum(h).backward();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Ops.sum(Ops.scale(h, 2f)).backward());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("already backpropagated"), e.getMessage());
    }
}
