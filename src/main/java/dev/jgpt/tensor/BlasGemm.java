package dev.jgpt.tensor;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * GEMM through OpenBLAS (JavaCPP's bytedeco build; the natives ship inside the Maven jar).
 *
 * <p>Why the copies: the {@code float[]} overload of {@code cblas_sgemm} pins nothing and
 * copies every array in and out in full; calling it on {@link FloatPointer}s runs faster.
 * So operands are copied once into thread-local native scratch buffers (only the span the
 * call actually reads), the call runs on those, and C's span is copied back. Large products
 * run in slices (see {@link #SLICE_FLOATS}) so those buffers stay small.
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

    /**
     * Largest slice of A or C (in floats) copied to native memory at once. Big products run in
     * slices of A's rows (with B copied once), or for a transposed A, of the shared dimension
     * (with C kept in native memory and accumulated): the same bytes are copied as in one call,
     * but the native buffers stay a few MB instead of growing to the largest activation.
     */
    static final int SLICE_FLOATS = 1 << 20;

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        Scratch s = SCRATCH.get();
        int tA = transA ? TRANS : NO_TRANS, tB = transB ? TRANS : NO_TRANS;
        boolean readC = beta != 0f || ldc != n;   // ldc != n: keep gap elements intact on copy-back
        if (k > 0 && !transA && (long) m * Math.max(lda, ldc) > SLICE_FLOATS) {
            int per = perSlice(m, Math.max(lda, ldc));
            int bSpan = span(transB ? n : k, transB ? k : n, ldb);
            FloatPointer pb = ensureB(s, bSpan);
            pb.position(0).put(b, bOff, bSpan);
            for (int i0 = 0; i0 < m; i0 += per) {
                int mc = Math.min(per, m - i0), aSpan = span(mc, k, lda), cSpan = span(mc, n, ldc);
                FloatPointer pa = ensureA(s, aSpan), pc = ensureC(s, cSpan);
                pa.position(0).put(a, aOff + i0 * lda, aSpan);
                if (readC) pc.position(0).put(c, cOff + i0 * ldc, cSpan);
                pa.position(0); pb.position(0); pc.position(0);
                openblas_nolapack.cblas_sgemm(ROW_MAJOR, tA, tB, mc, n, k, alpha, pa, lda, pb, Math.max(1, ldb), beta, pc, ldc);
                pc.position(0).get(c, cOff + i0 * ldc, cSpan);
                pc.position(0);
            }
            return;
        }
        if (transA && !transB && (long) k * Math.max(lda, ldb) > SLICE_FLOATS) {
            // Weight gradients (X^T dY): slices of the rows both operands share, summed in C.
            int per = perSlice(k, Math.max(lda, ldb)), cSpan = span(m, n, ldc);
            FloatPointer pc = ensureC(s, cSpan);
            if (readC) pc.position(0).put(c, cOff, cSpan);
            for (int k0 = 0; k0 < k; k0 += per) {
                int kc = Math.min(per, k - k0), aSpan = span(kc, m, lda), bSpan = span(kc, n, ldb);
                FloatPointer pa = ensureA(s, aSpan), pb = ensureB(s, bSpan);
                pa.position(0).put(a, aOff + k0 * lda, aSpan);
                pb.position(0).put(b, bOff + k0 * ldb, bSpan);
                pa.position(0); pb.position(0); pc.position(0);
                openblas_nolapack.cblas_sgemm(ROW_MAJOR, tA, tB, m, n, kc, alpha, pa, lda, pb, ldb, k0 == 0 ? beta : 1f, pc, ldc);
            }
            pc.position(0).get(c, cOff, cSpan);
            pc.position(0);
            return;
        }
        int aSpan = k == 0 ? 0 : span(transA ? k : m, transA ? m : k, lda);
        int bSpan = k == 0 ? 0 : span(transB ? n : k, transB ? k : n, ldb);
        int cSpan = span(m, n, ldc);
        FloatPointer pa = ensureA(s, Math.max(1, aSpan)), pb = ensureB(s, Math.max(1, bSpan)), pc = ensureC(s, cSpan);
        if (aSpan > 0) pa.position(0).put(a, aOff, aSpan);
        if (bSpan > 0) pb.position(0).put(b, bOff, bSpan);
        if (readC) pc.position(0).put(c, cOff, cSpan);
        pa.position(0); pb.position(0); pc.position(0);
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, tA, tB, m, n, k, alpha, pa, Math.max(1, lda), pb, Math.max(1, ldb), beta, pc, ldc);
        pc.position(0).get(c, cOff, cSpan);
        pc.position(0);
    }

    /** Rows per slice: equal slices of at most {@link #SLICE_FLOATS} floats each. */
    private static int perSlice(int rows, int rowLength) {
        long slices = ((long) rows * rowLength + SLICE_FLOATS - 1) / SLICE_FLOATS;
        return (int) ((rows + slices - 1) / slices);
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
