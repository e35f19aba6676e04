package dev.jgpt.tensor;

/**
 * Single-precision general matrix multiply on row-major float arrays:
 * {@code C = alpha * op(A) * op(B) + beta * C}, where op(X) is X or X^T.
 *
 * <p>op(A) is M x K, op(B) is K x N, C is M x N. Leading dimensions are row strides
 * (row-major, as in cblas with CblasRowMajor). Offsets let callers address sub-matrices
 * of larger arrays without copying.
 *
 * <p>Implementations: {@code BlasGemm} (OpenBLAS through JavaCPP) and
 * {@code VectorGemm} (pure Java, Vector API). {@link Gemms#get()} picks one.
 */
public interface Gemm {
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /**
     * Strided batched GEMM: for i in [0, batch): the i-th problem uses
     * A at aOff + i*strideA, B at bOff + i*strideB, C at cOff + i*strideC.
     * The default loops over {@link #sgemm}; implementations may do better.
     */
    default void sgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                              float alpha, float[] a, int aOff, int lda, long strideA,
                              float[] b, int bOff, int ldb, long strideB,
                              float beta, float[] c, int cOff, int ldc, long strideC,
                              int batch) {
        for (int i = 0; i < batch; i++) {
            sgemm(transA, transB, m, n, k, alpha,
                    a, (int) (aOff + i * strideA), lda,
                    b, (int) (bOff + i * strideB), ldb,
                    beta, c, (int) (cOff + i * strideC), ldc);
        }
    }

    /**
     * A constant right-hand operand (model weights during inference) prepared once for many
     * products, e.g. copied to native memory so decoding does not re-copy it every token.
     * {@code b} is row-major [rows, cols]; the prepared copy does not follow later changes.
     */
    default Packed pack(float[] b, int rows, int cols) {
        return new Packed(b.clone(), rows, cols, null);
    }

    /**
     * C[m, n] = A[m, k] * op(P) + beta * C where op(P) is P ([k, n]) or, when {@code transB},
     * P^T for P of shape [n, k] (e.g. the tied embedding as the output head).
     */
    default void sgemmPacked(int m, float[] a, int aOff, Packed p, boolean transB, float beta, float[] c, int cOff) {
        int k = transB ? p.cols() : p.rows(), n = transB ? p.rows() : p.cols();
        sgemm(false, transB, m, n, k, 1f, a, aOff, k, p.data(), 0, p.cols(), beta, c, cOff, n);
    }

    /** A prepared weight matrix; {@code handle} is implementation-specific (e.g. native memory). */
    record Packed(float[] data, int rows, int cols, Object handle) {}

    /** A short name for logs and benchmarks, e.g. "openblas" or "vector". */
    String name();
}
