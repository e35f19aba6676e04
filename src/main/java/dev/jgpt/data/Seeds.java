package dev.jgpt.data;

/**
 * Derives independent seeds from one seed and a stream number (SplitMix64 mixing). Used so that
 * e.g. batch {@code s} depends only on {@code (seed, s)}: a resumed run needs no RNG state.
 */
public final class Seeds {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    public static long derive(long seed, long stream) {
        return mix(mix(seed) + GOLDEN * (stream + 1));
    }

    /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
