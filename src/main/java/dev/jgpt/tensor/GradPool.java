package dev.jgpt.tensor;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycles the gradient arrays of intermediate results. Each transformer layer produces the
 * same sizes of gradients, which are dropped as soon as the backward pass has moved past
 * them; reusing them (re-zeroed) instead of allocating fresh ones takes a few hundred MB per
 * step off the garbage collector. Only gradients of op results come from here, never a
 * parameter's, and the backward pass is the only holder of those arrays.
 *
 * <p>Arrays left over after a backward pass would sit idle through the next forward pass,
 * which is where a step's memory peaks (every activation is alive). So op results of the
 * same sizes take them first ({@link #forOutput}): the pool is empty at the peak, and
 * refills as the backward pass frees gradients and the activations it has used up.
 */
final class GradPool {
    /** Enough for a step's activations of one size, which come back here (see {@link Tensor#recycleDataAfterBackward}). */
    private static final int PER_SIZE = 64;
    private static final ThreadLocal<Map<Integer, ArrayDeque<float[]>>> POOL = ThreadLocal.withInitial(HashMap::new);

    private GradPool() {}

    static float[] take(int n) {
        ArrayDeque<float[]> q = POOL.get().get(n);
        float[] a = q == null ? null : q.pollFirst();
        if (a == null) return new float[n];
        Arrays.fill(a, 0f);
        return a;
    }

    /** An array for an op's result, contents arbitrary: the op must write every element. */
    static float[] forOutput(int n) {
        ArrayDeque<float[]> q = POOL.get().get(n);
        float[] a = q == null ? null : q.pollFirst();
        return a != null ? a : new float[n];
    }

    static void give(float[] a) {
        if (a.length < 4096) return;  // small arrays are cheap to allocate
        ArrayDeque<float[]> q = POOL.get().computeIfAbsent(a.length, k -> new ArrayDeque<>());
        if (q.size() < PER_SIZE) q.addFirst(a);
    }
}
