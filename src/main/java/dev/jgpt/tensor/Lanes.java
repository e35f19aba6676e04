package dev.jgpt.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width of the pure-Java kernels ({@link VecMath}, {@link VectorGemm}).
 *
 * <p>By default they use the CPU's widest vectors: 256 bits with AVX2, 512 with AVX-512. The
 * width decides how sums are split into lanes and so how they round; a model trained on one
 * kind of CPU then differs in its last bits from the same run on another.
 * {@code -Djgpt.vectorBits=256} (set by the launcher's {@code JGPT_KERNELS=avx2}, together
 * with OpenBLAS's AVX2 kernels) makes an AVX-512 machine compute what an AVX2 one does.
 */
public final class Lanes {
    /** System property naming the width in bits; unset means the CPU's preferred width. */
    public static final String PROPERTY = "jgpt.vectorBits";

    private Lanes() {}

    /**
     * The species for a {@link #PROPERTY} value: null or blank for the CPU's preferred width,
     * else 128, 256 or 512, no wider than the CPU's own vectors (wider ones run in a slow
     * Java fallback).
     */
    public static VectorSpecies<Float> species(String bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits == null || bits.isBlank()) return preferred;
        int n;
        try {
            n = Integer.parseInt(bits.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n != 128 && n != 256 && n != 512)
            throw new IllegalArgumentException(PROPERTY + " must be 128, 256 or 512, not '" + bits + "'");
        if (n > preferred.vectorBitSize())
            throw new IllegalArgumentException(PROPERTY + "=" + n + " is wider than this CPU's vectors ("
                    + preferred.vectorBitSize() + " bits)");
        return VectorSpecies.of(float.class, VectorShape.forBitSize(n));
    }

    /** The width the kernels of this process use, in bits. */
    public static int bits() {
        return VecMath.S.vectorBitSize();
    }
}
