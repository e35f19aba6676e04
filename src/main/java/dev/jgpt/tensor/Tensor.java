package dev.jgpt.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * A dense, row-major float32 tensor that records how it was computed, so that
 * {@link #backward()} can fill in gradients (reverse-mode automatic differentiation).
 *
 * <p>Design notes: data is a plain {@code float[]} (fast element loops under C2, no JNI
 * in the hot path except GEMM). Gradients are allocated lazily. Intermediate gradients
 * are released as soon as the backward pass has consumed them, which keeps the peak
 * memory of a training step close to "activations + one layer's gradients".
 */
public final class Tensor {
    /** Computes the parents' gradient contributions from {@code out.grad}. */
    @FunctionalInterface
    public interface Backward { void apply(Tensor out); }

    public final int[] shape;
    public final float[] data;
    float[] grad;
    private final boolean requiresGrad;
    private Tensor[] parents;
    private Backward backward;
    private final String op;
    /** Set once backward has run through this node and freed its graph; reusing it would be silently wrong. */
    private boolean consumed;
    /** Hand {@link #data} to {@link GradPool} once backward has consumed this node. */
    private boolean recycleData;

    private Tensor(int[] shape, float[] data, boolean requiresGrad, String op, Tensor[] parents, Backward backward) {
        this.shape = shape;
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.parents = parents;
        this.backward = backward;
    }

    // ---- construction -------------------------------------------------------------------

    public static Tensor zeros(int... shape) { return new Tensor(shape.clone(), new float[numel(shape)], false, "leaf", null, null); }

    /** Wraps {@code data} (not copied). */
    public static Tensor of(float[] data, int... shape) {
        if (numel(shape) != data.length)
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + numel(shape) + " values, got " + data.length);
        return new Tensor(shape.clone(), data, false, "leaf", null, null);
    }

    public static Tensor scalar(float v) { return of(new float[]{v}); }

    /** A trainable leaf: gradients accumulate into it across backward passes. */
    public static Tensor parameter(float[] data, int... shape) {
        if (numel(shape) != data.length) throw new IllegalArgumentException("shape/data mismatch");
        return new Tensor(shape.clone(), data, true, "param", null, null);
    }

    /**
     * Result of an op. It records its parents and backward function only when grad mode is
     * on and some parent needs a gradient; otherwise it is a plain constant.
     */
    public static Tensor result(String op, float[] data, int[] shape, Backward backward, Tensor... parents) {
        boolean needs = false;
        if (GradMode.isEnabled()) for (Tensor p : parents) if (p != null && p.requiresGrad) { needs = true; break; }
        return needs ? new Tensor(shape, data, true, op, parents, backward) : new Tensor(shape, data, false, op, null, null);
    }

    // ---- accessors ----------------------------------------------------------------------

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        return (int) n;
    }

    public int numel() { return data.length; }
    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i < 0 ? shape.length + i : i]; }
    public boolean requiresGrad() { return requiresGrad; }
    public String op() { return op; }
    public float item() {
        if (data.length != 1) throw new IllegalStateException("item() on a tensor of " + data.length + " values");
        return data[0];
    }

    /** The gradient, or null when none has been computed. */
    public float[] grad() { return grad; }

    /** The gradient array, allocated (zeroed) on first use. */
    public float[] gradOrZeros() {
        if (grad == null) grad = backward != null ? GradPool.take(data.length) : new float[data.length];
        return grad;
    }

    public void zeroGrad() { if (grad != null) Arrays.fill(grad, 0f); }
    public void dropGrad() { grad = null; }

    /**
     * Lets the backward pass recycle this result's data array for the next forward pass once
     * it has run through this node (its consumers have all run before it). Only for results
     * that nothing outside the graph reads after the backward pass and whose array no other
     * tensor shares; a model marks its internal activations so a training step allocates
     * almost nothing new. Returns this.
     */
    public Tensor recycleDataAfterBackward() {
        if (backward != null) recycleData = true;
        return this;
    }

    /** A constant copy of this tensor's values, detached from the graph. */
    public Tensor detach() { return new Tensor(shape.clone(), data, false, "detach", null, null); }

    @Override public String toString() { return "Tensor" + Arrays.toString(shape) + "(" + op + ")"; }

    // ---- autograd -----------------------------------------------------------------------

    /** Backpropagates from a scalar: d(this)/d(this) = 1. */
    public void backward() {
        if (data.length != 1) throw new IllegalStateException("backward() needs a scalar, got " + Arrays.toString(shape));
        backward(new float[]{1f});
    }

    /** Backpropagates with the given upstream gradient of this tensor. */
    public void backward(float[] upstream) {
        if (!requiresGrad) throw new IllegalStateException("tensor does not require grad (no parameter in its graph)");
        List<Tensor> order = topologicalOrder();
        float[] g = gradOrZeros();
        for (int i = 0; i < g.length; i++) g[i] += upstream[i];
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.consumed)
                throw new IllegalStateException("backward through a graph that was already backpropagated (" + t.op
                        + "); recompute the forward pass");
            if (t.backward == null) continue;          // leaf
            if (t.grad != null) t.backward.apply(t);
            // Free the graph as we go: intermediate grads (recycled for the next layers'
            // gradients of the same size) and closures (which hold activations).
            if (t.grad != null) GradPool.give(t.grad);
            if (t.recycleData) GradPool.give(t.data);
            t.grad = null;
            t.backward = null;
            t.parents = null;
            t.consumed = true;
        }
    }

    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        IdentityHashMap<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{this, 0});
        visited.put(this, true);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int idx = (Integer) frame[1];
            Tensor[] ps = t.parents;
            if (ps != null && idx < ps.length) {
                frame[1] = idx + 1;
                Tensor p = ps[idx];
                if (p != null && p.requiresGrad && visited.put(p, true) == null) stack.push(new Object[]{p, 0});
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    /** Parent i of this op's result (for backward functions). */
    public Tensor parent(int i) { return parents[i]; }

    /** Adds {@code g} into parent i's gradient when that parent needs one. */
    public static boolean needsGrad(Tensor t) { return t != null && t.requiresGrad; }
}
