package dev.jgpt.tokenizer;

import java.util.Arrays;

/** Growable int array: token id output without boxing. */
final class IntList {
    private int[] data;
    private int size;

    IntList() { this(16); }

    IntList(int capacity) { data = new int[Math.max(4, capacity)]; }

    void add(int v) {
        if (size == data.length) data = Arrays.copyOf(data, size * 2);
        data[size++] = v;
    }

    void addAll(int[] vs) {
        if (size + vs.length > data.length) data = Arrays.copyOf(data, Math.max(size * 2, size + vs.length));
        System.arraycopy(vs, 0, data, size, vs.length);
        size += vs.length;
    }

    int size() { return size; }

    void clear() { size = 0; }

    int get(int i) { return data[i]; }

    int last() { return data[size - 1]; }

    int[] toArray() { return Arrays.copyOf(data, size); }
}
