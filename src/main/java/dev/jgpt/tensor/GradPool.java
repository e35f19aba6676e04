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
 */
final class GradPool {
    private static final int PER_SIZE = 4;
    private static final ThreadLocal<Map<Integer, ArrayDeque<float[]>>> POOL = ThreadLocal.withInitial(HashMap::new);

    private GradPool() {}

    static float[] take(int n) {
        ArrayDeque<float[]> q = POOL.get().get(n);
        float[] a = q == null ? null : q.pollFirst();
        if (a == null) return new float[n];
        Arrays.fill(a, 0f);
        return a;
    }

    static void give(float[] a) {
        if (a.length < 4096) return;  // small arrays are cheap to allocate
        ArrayDeque<float[]> q = POOL.get().computeIfAbsent(a.length, k -> new ArrayDeque<>());
        if (q.size() < PER_SIZE) q.addFirst(a);
    }
}
