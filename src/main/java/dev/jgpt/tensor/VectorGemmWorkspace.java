package dev.jgpt.tensor;

/**
 * Per-thread scratch for {@link VectorGemm}: packed A and B blocks and one micro-tile for
 * ragged edges. Grown on demand, never shrunk, so steady-state GEMMs allocate nothing.
 */
final class VectorGemmWorkspace {
    private float[] a = new float[0];
    private float[] b = new float[0];
    /** One MR x NR tile, row stride NR. */
    final float[] edge = new float[VectorGemm.MR * VectorGemm.NR];

    float[] packA(int size) {
        if (a.length < size) {
            a = new float[size];
        }
        return a;
    }

    float[] packB(int size) {
        if (b.length < size) {
            b = new float[size];
        }
        return b;
    }
}
