package dev.jgpt.tokenizer;

import java.util.Arrays;

/**
 * Open-addressing map from long keys (a packed token pair) to int values (a merge rank).
 * Encoding looks a pair up for every adjacent symbol pair, so this avoids boxing a Long
 * per lookup. Read-only after construction, hence safe to share between threads.
 */
final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private final long[] keys;
    private final int[] values;
    private final int mask;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
        Arrays.fill(keys, EMPTY);
    }

    static long pair(int a, int b) { return ((long) a << 32) | (b & 0xFFFFFFFFL); }

    /** Capacity is fixed at twice {@code expected}: callers put at most that many keys. */
    void put(long key, int value) {
        int i = slot(key);
        keys[i] = key;
        values[i] = value;
    }

    int get(long key, int missing) {
        int i = slot(key);
        return keys[i] == key ? values[i] : missing;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        int i = (int) (h >>> 40) & mask;
        while (keys[i] != EMPTY && keys[i] != key) i = (i + 1) & mask;
        return i;
    }
}
