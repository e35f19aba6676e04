package dev.jgpt.tensor;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * GEMM through OpenBLAS (JavaCPP's bytedeco build; the natives ship inside the Maven jar).
 *
 * <p>Why the copies: the {@code float[]} overload of {@code cblas_sgemm} pins nothing and
 * copies every array in and out in full; calling it on {@link FloatPointer}s runs faster.
 * So operands are copied once into a thread-local native scratch block (only the span the
 * call actually reads), the call runs on that, and C's span is copied back. A, B and C of one
 * call share the block, so it holds the largest single call (25 MB for the benchmark model's
 * head) rather than the largest A plus the largest B plus the largest C (46 MB). Splitting
 * big products into row slices would shrink it further but costs far more: OpenBLAS ran a
 * 2048 x 1536 x 384 product in 30 ms, and the same rows as three calls in 56 ms.
 */
public final class BlasGemm implements Gemm {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    /** One native block and the views of it that hold A, B and C (each 64-byte aligned). */
    private static final class Scratch {
        FloatPointer block, a, b, c;
        long cap, bAt = -1, cAt = -1;

        /** Sizes the block for operands of these lengths (in floats) and places the views. */
        void ready(long aLen, long bLen, long cLen) {
            long bStart = align(Math.max(1, aLen)), cStart = bStart + align(Math.max(1, bLen)), need = cStart + Math.max(1, cLen);
            if (cap < need) {
                if (block != null) {
                    block.close();
                    // glibc keeps a freed block of a few MB in its heap (its mmap threshold rises
                    // with each freed block), where it would stay resident for the whole run.
                    Pointer.trimMemory();
                }
                cap = Math.max(need, 1024);
                block = new FloatPointer(cap);
                bAt = cAt = -1;
            }
            if (bAt != bStart || cAt != cStart) {
                a = block.getPointer(0);
                b = block.getPointer(bStart);
                c = block.getPointer(cStart);
                bAt = bStart;
                cAt = cStart;
            }
            a.position(0); b.position(0); c.position(0);
        }

        private static long align(long n) { return (n + 15) & ~15L; }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    public BlasGemm() {
        this(Parallel.threads());
    }

    public BlasGemm(int threads) {
        org.bytedeco.openblas.global.openblas_full.openblas_set_num_threads(threads);
    }

    /** The CPU kernel set OpenBLAS chose ("Haswell", "SkylakeX", ...; OPENBLAS_CORETYPE overrides). */
    public static String coreName() {
        return org.bytedeco.openblas.global.openblas_full.openblas_get_corename().getString();
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
        s.ready(aSpan, bSpan, cSpan);
        FloatPointer pa = s.a, pb = s.b, pc = s.c;
        if (aSpan > 0) pa.position(0).put(a, aOff, aSpan);
        if (bSpan > 0) pb.position(0).put(b, bOff, bSpan);
        if (beta != 0f || ldc != n) pc.position(0).put(c, cOff, cSpan); // ldc != n: keep gap elements intact on copy-back
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
        s.ready(aSpan, bSpan, cSpan);
        FloatPointer pa = s.a, pb = s.b, pc = s.c;
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
        s.ready((long) m * k, 0, (long) m * n);
        FloatPointer pa = s.a, pc = s.c;
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
}
