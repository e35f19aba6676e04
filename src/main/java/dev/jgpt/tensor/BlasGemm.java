package dev.jgpt.tensor;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * GEMM through OpenBLAS (JavaCPP's bytedeco build; the natives ship inside the Maven jar).
 *
 * <p>Why the copies: the {@code float[]} overload of {@code cblas_sgemm} pins nothing and
 * copies every array in and out in full; calling it on {@link FloatPointer}s runs faster.
 * So operands are copied once into thread-local native scratch buffers (only the span the
 * call actually reads), the call runs on those, and C's span is copied back.
 */
public final class BlasGemm implements Gemm {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    private static final class Scratch {
        FloatPointer a, b, c;
        long aCap, bCap, cCap;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    public BlasGemm() {
        this(Parallel.threads());
    }

    public BlasGemm(int threads) {
        org.bytedeco.openblas.global.openblas_full.openblas_set_num_threads(threads);
    }

    /** OpenBLAS's build configuration and the CPU kernel it chose, for benchmark reports. */
    public static String describe() {
        return org.bytedeco.openblas.global.openblas_full.openblas_get_config().getString();
    }

    @Override public String name() { return "openblas"; }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        Scratch s = SCRATCH.get();
        int aSpan = k == 0 ? 0 : span(transA ? k : m, transA ? m : k, lda);
        int bSpan = k == 0 ? 0 : span(transB ? n : k, transB ? k : n, ldb);
        int cSpan = span(m, n, ldc);
        FloatPointer pa = ensureA(s, Math.max(1, aSpan)), pb = ensureB(s, Math.max(1, bSpan)), pc = ensureC(s, cSpan);
        if (aSpan > 0) pa.position(0).put(a, aOff, aSpan);
        if (bSpan > 0) pb.position(0).put(b, bOff, bSpan);
        if (beta != 0f) pc.position(0).put(c, cOff, cSpan);
        else if (ldc != n) pc.position(0).put(c, cOff, cSpan); // keep gap elements intact on copy-back
        pa.position(0); pb.position(0); pc.position(0);
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                m, n, k, alpha, pa, Math.max(1, lda), pb, Math.max(1, ldb), beta, pc, ldc);
        pc.position(0).get(c, cOff, cSpan);
        pc.position(0);
    }

    /** Copies each operand's whole batch once, then runs the batch on native memory. */
    @Override
    public void sgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda, long strideA,
                             float[] b, int bOff, int ldb, long strideB,
                             float beta, float[] c, int cOff, int ldc, long strideC, int batch) {
        if (batch == 1 || strideC == 0) {
            Gemm.super.sgemmBatched(transA, transB, m, n, k, alpha, a, aOff, lda, strideA, b, bOff, ldb, strideB, beta, c, cOff, ldc, strideC, batch);
            return;
        }
        if (m == 0 || n == 0 || batch == 0) return;
        Scratch s = SCRATCH.get();
        int aOne = k == 0 ? 0 : span(transA ? k : m, transA ? m : k, lda);
        int bOne = k == 0 ? 0 : span(transB ? n : k, transB ? k : n, ldb);
        int cOne = span(m, n, ldc);
        int aSpan = (int) ((batch - 1) * strideA + aOne), bSpan = (int) ((batch - 1) * strideB + bOne);
        int cSpan = (int) ((batch - 1) * strideC + cOne);
        FloatPointer pa = ensureA(s, Math.max(1, aSpan)), pb = ensureB(s, Math.max(1, bSpan)), pc = ensureC(s, cSpan);
        if (aOne > 0) pa.position(0).put(a, aOff, aSpan);
        if (bOne > 0) pb.position(0).put(b, bOff, bSpan);
        if (beta != 0f || ldc != n || strideC != (long) m * n) pc.position(0).put(c, cOff, cSpan);
        int tA = transA ? TRANS : NO_TRANS, tB = transB ? TRANS : NO_TRANS;
        for (int i = 0; i < batch; i++) {
            pa.position(i * strideA);
            pb.position(i * strideB);
            pc.position(i * strideC);
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, tA, tB, m, n, k, alpha, pa, Math.max(1, lda), pb, Math.max(1, ldb), beta, pc, ldc);
        }
        pa.position(0); pb.position(0);
        pc.position(0).get(c, cOff, cSpan);
        pc.position(0);
    }

    /** Copies the weights to native memory once; freed when the Packed is garbage collected. */
    @Override
    public Packed pack(float[] b, int rows, int cols) {
        FloatPointer p = new FloatPointer((long) rows * cols);
        p.put(b, 0, rows * cols);
        return new Packed(null, rows, cols, p);
    }

    @Override
    public void sgemmPacked(int m, float[] a, int aOff, Packed p, boolean transB, float beta, float[] c, int cOff) {
        FloatPointer pb = (FloatPointer) p.handle();
        int k = transB ? p.cols() : p.rows(), n = transB ? p.rows() : p.cols();
        Scratch s = SCRATCH.get();
        FloatPointer pa = ensureA(s, (long) m * k), pc = ensureC(s, (long) m * n);
        pa.position(0).put(a, aOff, m * k);
        if (beta != 0f) pc.position(0).put(c, cOff, m * n);
        pa.position(0); pc.position(0);
        if (m == 1) {
            // y = x W is W^T x: a GEMV reads each weight once, the bound for batch-1 decoding.
            openblas_nolapack.cblas_sgemv(ROW_MAJOR, transB ? NO_TRANS : TRANS, p.rows(), p.cols(), 1f, pb, p.cols(), pa, 1, beta, pc, 1);
        } else {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1f, pa, k, pb, p.cols(), beta, pc, n);
        }
        pc.position(0).get(c, cOff, m * n);
        pc.position(0);
    }

    private static int span(int rows, int cols, int ld) {
        return (int) ((long) (rows - 1) * ld + cols);
    }

    private static FloatPointer ensureA(Scratch s, long n) {
        if (s.aCap < n) { if (s.a != null) s.a.close(); s.aCap = grow(n); s.a = new FloatPointer(s.aCap); }
        return s.a;
    }

    private static FloatPointer ensureB(Scratch s, long n) {
        if (s.bCap < n) { if (s.b != null) s.b.close(); s.bCap = grow(n); s.b = new FloatPointer(s.bCap); }
        return s.b;
    }

    private static FloatPointer ensureC(Scratch s, long n) {
        if (s.cCap < n) { if (s.c != null) s.c.close(); s.cCap = grow(n); s.c = new FloatPointer(s.cCap); }
        return s.c;
    }

    private static long grow(long n) { return Math.max(n, 1024) + n / 4; }
}
