package dev.jgpt.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pure-Java SGEMM on the Vector API, the fallback when the OpenBLAS natives are unavailable.
 *
 * <p>Structure (GotoBLAS/BLIS): for each block of C the operands are <em>packed</em> into
 * contiguous thread-local buffers, which turns all four transposition combinations into the
 * same unit-stride inner loop and keeps the working set cache resident:
 * <pre>
 *   for jc in N step NC            B block  (KC x NC)   ~ L3, shared by all row blocks
 *     for pc in K step KC          pack op(B)[pc.., jc..] into NR-wide column strips
 *       for ic in M step MC        pack op(A)[ic.., pc..] into MR-tall row strips (~ L2)
 *         for jr in NC step NR     one B micro-panel (KC x NR, ~16 KiB) stays in L1 ...
 *           for ir in MC step MR   ... while the A strips stream past it from L2
 *             micro-kernel: C[MR x NR] (+)= A strip * B strip
 * </pre>
 * The micro-kernel is MR x NR = 4 x (2 vectors): eight vector accumulators, two B vectors and
 * one broadcast A value. On AVX2 that is 11 of 16 ymm registers. A 6-row tile would need 15,
 * and on this project's AVX2 target C2 was found to spill in its hot loop, losing more than
 * the better load/FMA ratio gains. The kernel alone reaches ~85 GFLOP/s of a core's ~90 peak.
 *
 * <p>Parallelism: C (or, for batched calls, the set of C matrices) is cut into rectangular tiles
 * that are handed out dynamically from an atomic counter; every tile runs the serial blocked
 * algorithm above with its own packing buffers, so threads never synchronise inside a GEMM.
 * A tile re-packs the part of A and B it needs, which costs O((Mt + Nt) * K) copies against
 * O(Mt * Nt * K) flops. The calling thread works on tiles too, and never waits for a helper
 * that has not started (it waits only for tiles that were actually claimed), so concurrent or
 * nested callers cannot deadlock the pool.
 */
public final class VectorGemm implements Gemm {

    // ---------------------------------------------------------------- tiling constants

    private static final VectorSpecies<Float> S = VecMath.S;
    /** Floats per vector: 8 on AVX2, 16 on AVX-512. */
    private static final int VL = S.length();
    /** Micro-tile rows. */
    static final int MR = 4;
    /** Micro-tile columns: two vectors. */
    static final int NR = 2 * VL;
    /**
     * Max depth of a packed block. The kernel's working set is a B micro-panel (KC x NR floats,
     * 16 KiB at 256 on AVX2) plus an A micro-panel (KC x MR, 4 KiB), which must stay in the
     * 32 KiB 8-way L1. Measured on the target (Zen 3): the bare kernel runs at ~85 GFLOP/s for
     * KC <= 256 every time, while KC = 320 or 384 falls, depending on where the buffers happen
     * to land, into a mode where the panels evict each other and it drops to ~22 GFLOP/s.
     */
    static final int KC = 256;
    /** Max rows of a packed A block: MC x KC floats = 128 KiB, comfortably inside L2 (64 and 256 measured no better). */
    static final int MC = 128;
    /** Max columns of a packed B block: KC x NC floats = 2 MiB, resident in L3. */
    static final int NC = 2048;

    /**
     * Below this many multiply-adds (m*n*k summed over the batch) one thread does it all.
     * Waking a parked pool thread costs tens of microseconds on a busy VM; measured on the
     * 2-core target, 128x256x32 (2^20) ran at half speed on two threads, 256x256x64 (2^22)
     * about broke even and 512x512x64 gained ~25%.
     */
    static final long PARALLEL_THRESHOLD = 1L << 22;
    /** Tiles handed to each thread on average; > 1 so a thread slowed by other load is covered. */
    private static final int TILES_PER_THREAD = 3;
    /** Smallest tile worth its own packing: rows and columns. */
    private static final int MIN_TILE_M = 64;
    private static final int MIN_TILE_N = 128;

    // ---------------------------------------------------------------- threading

    private static final int THREADS = threadsFromProperty();

    private static int threadsFromProperty() {
        String p = System.getProperty("jgpt.threads");
        if (p != null && !p.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                // Throwing here would surface as ExceptionInInitializerError and disable the class
                // for the rest of the run; a bad tuning knob should not cost the fallback GEMM.
                System.getLogger(VectorGemm.class.getName()).log(System.Logger.Level.WARNING,
                        "ignoring jgpt.threads=" + p + " (not an integer); using all processors");
            }
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Marks pool threads, so that a GEMM issued from inside one runs serially instead of nesting. */
    private static final ThreadLocal<Boolean> IN_POOL = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** Helpers (the caller is the extra worker), created on first parallel use. */
    private static final class Pool {
        static final ExecutorService HELPERS = THREADS <= 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
            Thread t = new Thread(() -> {
                IN_POOL.set(Boolean.TRUE);
                r.run();
            }, "jgpt-gemm");
            t.setDaemon(true);
            return t;
        });
    }

    /** Per-thread packing buffers, grown on demand and reused across calls. */
    private static final ThreadLocal<VectorGemmWorkspace> WORKSPACE = ThreadLocal.withInitial(VectorGemmWorkspace::new);

    private final int threads;

    /** Uses {@code jgpt.threads} or all available processors. */
    public VectorGemm() {
        this(THREADS);
    }

    /** Uses at most {@code threads} threads (capped by the shared pool's size). */
    public VectorGemm(int threads) {
        this.threads = Math.max(1, Math.min(threads, THREADS));
    }

    @Override
    public String name() {
        return "vector";
    }

    // ---------------------------------------------------------------- public entry points

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        sgemmBatched(transA, transB, m, n, k, alpha, a, aOff, lda, 0, b, bOff, ldb, 0,
                beta, c, cOff, ldc, 0, 1);
    }

    @Override
    public void sgemmBatched(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda, long strideA,
                             float[] b, int bOff, int ldb, long strideB,
                             float beta, float[] c, int cOff, int ldc, long strideC,
                             int batch) {
        if (m < 0 || n < 0 || k < 0 || batch < 0) {
            throw new IllegalArgumentException("negative size: m=" + m + " n=" + n + " k=" + k + " batch=" + batch);
        }
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        checkLd("C", ldc, n);
        checkRange("C", c, cOff, strideC, batch, m, n, ldc);
        boolean noProduct = k == 0 || alpha == 0f;
        if (!noProduct) {
            // op(A) is m x k: stored as k x m when transposed. op(B) is k x n: stored n x k when transposed.
            checkLd("A", lda, transA ? m : k);
            checkLd("B", ldb, transB ? k : n);
            checkRange("A", a, aOff, strideA, batch, transA ? k : m, transA ? m : k, lda);
            checkRange("B", b, bOff, strideB, batch, transB ? n : k, transB ? k : n, ldb);
        }
        if (noProduct) {
            // BLAS: A and B are not referenced; C = beta * C (beta == 0 clears, even NaN).
            for (int i = 0; i < batch; i++) {
                scaleC(c, (int) (cOff + i * strideC), ldc, m, n, beta);
            }
            return;
        }

        Job job = new Job(transA, transB, m, n, k, alpha, a, aOff, lda, strideA,
                b, bOff, ldb, strideB, beta, c, cOff, ldc, strideC, batch);
        long work = (long) m * n * k * batch;
        if (threads <= 1 || work < PARALLEL_THRESHOLD || IN_POOL.get()) {
            job.planSerial();
            job.runAllSerially();
        } else {
            job.plan(threads);
            job.runParallel(threads);
        }
    }

    private static void checkLd(String what, int ld, int minWidth) {
        if (ld < Math.max(1, minWidth)) {
            throw new IllegalArgumentException("ld" + what.toLowerCase() + "=" + ld + " < row width " + minWidth);
        }
    }

    /** Verifies that every element of every matrix in the batch lies inside the array. */
    private static void checkRange(String what, float[] arr, int off, long stride, int batch,
                                   int rows, int cols, int ld) {
        long span = (long) (rows - 1) * ld + cols; // one past the last element of a matrix
        long first = off + Math.min(0L, stride * (batch - 1));
        long last = off + Math.max(0L, stride * (batch - 1)) + span;
        if (first < 0 || last > arr.length) {
            throw new IndexOutOfBoundsException(what + " out of bounds: offset " + off + ", stride " + stride
                    + ", batch " + batch + ", " + rows + "x" + cols + " ld " + ld + ", array length " + arr.length);
        }
    }

    private static void scaleC(float[] c, int cOff, int ldc, int m, int n, float beta) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    // ---------------------------------------------------------------- one call = one job

    /** A (batched) GEMM call cut into independent tiles of C. */
    private static final class Job {
        final boolean transA, transB;
        final int m, n, k;
        final float alpha, beta;
        final float[] a, b, c;
        final int aOff, lda, bOff, ldb, cOff, ldc;
        final long strideA, strideB, strideC;
        final int batch;

        /** Tile grid per matrix: tileM rows x tileN columns, gridM x gridN tiles. */
        int tileM, tileN, gridM, gridN;
        int tiles;

        final AtomicInteger next = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done;

        Job(boolean transA, boolean transB, int m, int n, int k,
            float alpha, float[] a, int aOff, int lda, long strideA,
            float[] b, int bOff, int ldb, long strideB,
            float beta, float[] c, int cOff, int ldc, long strideC, int batch) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.b = b;
            this.c = c;
            this.aOff = aOff;
            this.lda = lda;
            this.bOff = bOff;
            this.ldb = ldb;
            this.cOff = cOff;
            this.ldc = ldc;
            this.strideA = strideA;
            this.strideB = strideB;
            this.strideC = strideC;
            this.batch = batch;
        }

        void planSerial() {
            tileM = m;
            tileN = n;
            gridM = gridN = 1;
            tiles = batch;
        }

        /**
         * Chooses the tile grid: about TILES_PER_THREAD tiles per thread across the whole batch,
         * halving whichever tile side is currently longer, but never below the minimum tile,
         * and keeping tile sides multiples of the micro-tile so only the matrix edge is ragged.
         */
        void plan(int threads) {
            int want = threads * TILES_PER_THREAD;
            int perMatrix = Math.max(1, (want + batch - 1) / batch);
            gridM = 1;
            gridN = 1;
            tileM = m;
            tileN = n;
            while (gridM * gridN < perMatrix) {
                int halfM = roundUp((tileM + 1) / 2, MR);
                int halfN = roundUp((tileN + 1) / 2, NR);
                boolean canM = halfM >= MIN_TILE_M && halfM < tileM;
                boolean canN = halfN >= MIN_TILE_N && halfN < tileN;
                if (canM && (!canN || tileM >= tileN)) {
                    tileM = halfM;
                } else if (canN) {
                    tileN = halfN;
                } else {
                    break;
                }
                gridM = (m + tileM - 1) / tileM;
                gridN = (n + tileN - 1) / tileN;
            }
            tiles = batch * gridM * gridN;
        }

        void runAllSerially() {
            VectorGemmWorkspace ws = WORKSPACE.get();
            for (int t = 0; t < tiles; t++) {
                runTile(t, ws);
            }
        }

        void runParallel(int threads) {
            if (tiles == 1) {
                runAllSerially();
                return;
            }
            done = new CountDownLatch(tiles);
            int helpers = Math.min(threads - 1, tiles - 1);
            for (int h = 0; h < helpers; h++) {
                Pool.HELPERS.execute(this::work);
            }
            work();
            try {
                done.await();
            } catch (InterruptedException e) {
                // Claimed tiles are still writing into c, so returning now would hand the caller
                // a matrix that changes under it. Wait them out, then restore the interrupt flag.
                awaitUninterruptibly(done);
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            } else if (t instanceof Error) {
                throw (Error) t;
            } else if (t != null) {
                throw new RuntimeException(t);
            }
        }

        /** Claims and runs tiles until none are left. */
        private void work() {
            VectorGemmWorkspace ws = WORKSPACE.get();
            int t;
            while ((t = next.getAndIncrement()) < tiles) {
                try {
                    if (failure.get() == null) {
                        runTile(t, ws);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        }

        private void runTile(int t, VectorGemmWorkspace ws) {
            int perMatrix = gridM * gridN;
            int item = t / perMatrix;
            int r = t - item * perMatrix;
            int i0 = (r / gridN) * tileM;
            int j0 = (r % gridN) * tileN;
            int mt = Math.min(tileM, m - i0);
            int nt = Math.min(tileN, n - j0);
            // Shift the operands so the tile is a standalone GEMM on sub-matrices.
            int ao = (int) (aOff + item * strideA) + (transA ? i0 : i0 * lda);
            int bo = (int) (bOff + item * strideB) + (transB ? j0 * ldb : j0);
            int co = (int) (cOff + item * strideC) + i0 * ldc + j0;
            blocked(ws, transA, transB, mt, nt, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // keep waiting; the caller re-asserts the interrupt
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Splits {@code total} into the fewest blocks of at most {@code max}, of near-equal size (a multiple of {@code unit}). */
    private static int evenBlock(int total, int max, int unit) {
        int blocks = (total + max - 1) / max;
        return roundUp((total + blocks - 1) / blocks, unit);
    }

    // ---------------------------------------------------------------- serial blocked GEMM

    /** Single-threaded blocked GEMM on one (sub-)problem; k > 0 and alpha != 0 here. */
    static void blocked(VectorGemmWorkspace ws, boolean transA, boolean transB, int m, int n, int k,
                        float alpha, float[] a, int aOff, int lda,
                        float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc) {
        // Even block sizes: K = 384 becomes 2 x 192 rather than 256 + 128, so no sliver block
        // pays the full per-block overhead (C read-modify-write, packing calls).
        int kcMax = evenBlock(k, KC, 1);
        int mcMax = evenBlock(m, MC, MR);
        int ncMax = evenBlock(n, NC, NR);
        float[] ap = ws.packA(mcMax * kcMax);
        float[] bp = ws.packB(roundUp(ncMax, NR) * kcMax);
        float[] edge = ws.edge;

        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                // Only the first K block applies the caller's beta; later ones accumulate.
                float betaBlock = pc == 0 ? beta : 1f;
                VectorGemmPack.packB(transB, b, bOff, ldb, pc, jc, kc, nc, bp);
                for (int ic = 0; ic < m; ic += mcMax) {
                    int mc = Math.min(mcMax, m - ic);
                    VectorGemmPack.packA(transA, a, aOff, lda, ic, pc, mc, kc, ap);
                    macroKernel(mc, nc, kc, alpha, ap, bp, betaBlock, c, cOff + ic * ldc + jc, ldc, edge);
                }
            }
        }
    }

    /** Runs the micro-kernel over an (mc x nc) block of C from packed A and B blocks. */
    private static void macroKernel(int mc, int nc, int kc, float alpha, float[] ap, float[] bp,
                                    float beta, float[] c, int cOff, int ldc, float[] edge) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bBase = jr * kc; // strip jr/NR starts at (jr/NR) * NR * kc
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int aBase = ir * kc;
                int cTile = cOff + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    kernel(kc, ap, aBase, bp, bBase, alpha, beta, c, cTile, ldc);
                } else {
                    // Ragged edge: compute the full padded tile into scratch, then copy the valid part.
                    kernel(kc, ap, aBase, bp, bBase, 1f, 0f, edge, 0, NR);
                    storeEdge(edge, mr, nr, alpha, beta, c, cTile, ldc);
                }
            }
        }
    }

    private static void storeEdge(float[] edge, int mr, int nr, float alpha, float beta,
                                  float[] c, int cOff, int ldc) {
        for (int i = 0; i < mr; i++) {
            int row = cOff + i * ldc;
            int e = i * NR;
            if (beta == 0f) {
                for (int j = 0; j < nr; j++) {
                    c[row + j] = alpha * edge[e + j];
                }
            } else {
                for (int j = 0; j < nr; j++) {
                    c[row + j] = alpha * edge[e + j] + beta * c[row + j];
                }
            }
        }
    }

    /**
     * The 4 x (2 vectors) micro-kernel: C[4 x NR] = alpha * (Ap strip * Bp strip) + beta * C.
     * Ap strip: kc groups of 4 floats (one per row); Bp strip: kc groups of NR floats.
     * Eight accumulators live in registers for the whole kc loop.
     */
    static void kernel(int kc, float[] ap, int aBase, float[] bp, int bBase,
                       float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int ai = aBase;
        int bi = bBase;
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        // The store is written out here rather than in a helper taking FloatVectors: once such a
        // helper has been compiled on its own, C2 may refuse to inline it ("already compiled into
        // a big method") and then boxes every vector it passes, allocating gigabytes a second and
        // running three times slower. Whether that happens depends on compilation order, so a
        // long run could slow down where a short benchmark did not.
        int r1 = cOff + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (alpha != 1f) {
            c00 = c00.mul(alpha); c01 = c01.mul(alpha);
            c10 = c10.mul(alpha); c11 = c11.mul(alpha);
            c20 = c20.mul(alpha); c21 = c21.mul(alpha);
            c30 = c30.mul(alpha); c31 = c31.mul(alpha);
        }
        if (beta != 0f) {  // beta == 0 never reads C (BLAS semantics); beta == 1 is exact: o * 1 + v == o + v
            FloatVector bv = FloatVector.broadcast(S, beta);
            c00 = FloatVector.fromArray(S, c, cOff).fma(bv, c00); c01 = FloatVector.fromArray(S, c, cOff + VL).fma(bv, c01);
            c10 = FloatVector.fromArray(S, c, r1).fma(bv, c10);   c11 = FloatVector.fromArray(S, c, r1 + VL).fma(bv, c11);
            c20 = FloatVector.fromArray(S, c, r2).fma(bv, c20);   c21 = FloatVector.fromArray(S, c, r2 + VL).fma(bv, c21);
            c30 = FloatVector.fromArray(S, c, r3).fma(bv, c30);   c31 = FloatVector.fromArray(S, c, r3 + VL).fma(bv, c31);
        }
        c00.intoArray(c, cOff); c01.intoArray(c, cOff + VL);
        c10.intoArray(c, r1);   c11.intoArray(c, r1 + VL);
        c20.intoArray(c, r2);   c21.intoArray(c, r2 + VL);
        c30.intoArray(c, r3);   c31.intoArray(c, r3 + VL);
    }
}
