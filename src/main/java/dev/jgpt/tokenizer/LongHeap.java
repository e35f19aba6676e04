package dev.jgpt.tokenizer;

import java.util.Arrays;

/** Binary min-heap of primitive longs (merge rank in the high half, position in the low). */
final class LongHeap {
    private long[] a;
    private int size;

    LongHeap(int capacity) { a = new long[Math.max(4, capacity)]; }

    boolean isEmpty() { return size == 0; }

    long peek() { return a[0]; }

    void add(long v) {
        if (size == a.length) a = Arrays.copyOf(a, size * 2);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (a[parent] <= v) break;
            a[i] = a[parent];
            i = parent;
        }
        a[i] = v;
    }

    long poll() {
        long top = a[0];
        long v = a[--size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && a[child + 1] < a[child]) child++;
            if (a[child] >= v) break;
            a[i] = a[child];
            i = child;
        }
        a[i] = v;
        return top;
    }
}
