package dev.jgpt.tensor;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks {@link VectorGemm} against a naive triple loop accumulated in double.
 *
 * <p>Every case lays the matrices out inside larger arrays (offset, leading dimension wider
 * than the row) filled with a sentinel, so writes outside C's sub-matrix are caught too.
 * Tolerance per element: 1e-4 times sum_p |alpha a b| + |beta c|, the scale of float rounding
 * error for a length-k dot product, plus the smallest normal float for all-zero sums.
 */
class VectorGemmTest {

    private static final float SENTINEL = -12345.5f;
    private static final Gemm PARALLEL = new VectorGemm();
    private static final Gemm SERIAL = new VectorGemm(1);

    /** One GEMM problem with its layout: sizes, flags, scalars, offsets and ld padding. */
    record Case(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                int aOff, int bOff, int cOff, int padA, int padB, int padC, boolean nanC) {

        int lda() { return (ta ? m : k) + padA; }
        int ldb() { return (tb ? k : n) + padB; }
        int ldc() { return n + padC; }
        int aRows() { return ta ? k : m; }
        int bRows() { return tb ? n : k; }

        @Override
        public String toString() {
            return (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                    + " alpha=" + alpha + " beta=" + beta + " off=" + aOff + "/" + bOff + "/" + cOff
                    + " pad=" + padA + "/" + padB + "/" + padC + (nanC ? " nanC" : "");
        }
    }

    static Case plain(boolean ta, boolean tb, int m, int n, int k) {
        return new Case(ta, tb, m, n, k, 1f, 0f, 0, 0, 0, 0, 0, 0, false);
    }

    // ------------------------------------------------------------------ reference and checker

    /** Fills an array of {@code rows} rows of stride {@code ld} after {@code off}, sentinel elsewhere. */
    static float[] matrix(Random rnd, int off, int rows, int cols, int ld, boolean nan) {
        float[] x = new float[off + Math.max(0, rows - 1) * ld + cols + 3];
        Arrays.fill(x, SENTINEL);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[off + i * ld + j] = nan ? Float.NaN : rnd.nextFloat() * 2 - 1;
            }
        }
        return x;
    }

    /** Expected C (same layout, sentinels kept) and per-element error bound, both in double. */
    static double[][] reference(Case t, float[] a, float[] b, float[] c) {
        double[] want = new double[c.length];
        double[] bound = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            want[i] = c[i];
        }
        for (int i = 0; i < t.m; i++) {
            for (int j = 0; j < t.n; j++) {
                double s = 0, mag = 0;
                for (int p = 0; p < t.k; p++) {
                    double av = t.ta ? a[t.aOff + p * t.lda() + i] : a[t.aOff + i * t.lda() + p];
                    double bv = t.tb ? b[t.bOff + j * t.ldb() + p] : b[t.bOff + p * t.ldb() + j];
                    s += av * bv;
                    mag += Math.abs(av * bv);
                }
                int ci = t.cOff + i * t.ldc() + j;
                double old = t.beta == 0f ? 0 : t.beta * (double) c[ci]; // beta = 0: C is not read
                want[ci] = t.alpha * s + old;
                bound[ci] = Math.abs(t.alpha) * mag + Math.abs(old);
            }
        }
        return new double[][] {want, bound};
    }

    static void assertClose(Case t, double[][] ref, float[] got) {
        double[] want = ref[0], bound = ref[1];
        for (int i = 0; i < got.length; i++) {
            double tol = 1e-4 * bound[i] + Float.MIN_NORMAL;
            if (!(Math.abs(got[i] - want[i]) <= tol)) {
                fail(t + ": element " + i + " got " + got[i] + " want " + want[i] + " (tol " + tol + ")");
            }
        }
    }

    /** Runs one case on the given implementation and checks it. */
    static void check(Gemm g, Case t, long seed) {
        Random rnd = new Random(seed);
        float[] a = matrix(rnd, t.aOff, t.aRows(), t.ta ? t.m : t.k, t.lda(), false);
        float[] b = matrix(rnd, t.bOff, t.bRows(), t.tb ? t.k : t.n, t.ldb(), false);
        float[] c = matrix(rnd, t.cOff, t.m, t.n, t.ldc(), t.nanC);
        double[][] ref = reference(t, a, b, c);
        g.sgemm(t.ta, t.tb, t.m, t.n, t.k, t.alpha, a, t.aOff, t.lda(), b, t.bOff, t.ldb(),
                t.beta, c, t.cOff, t.ldc());
        assertClose(t, ref, c);
    }

    // ------------------------------------------------------------------ fixed shapes

    /** Shapes chosen to hit each code path: 1x1x1, vectors, k=1, ragged tiles, and every block edge. */
    static final int[][] SHAPES = {
            {1, 1, 1}, {1, 1, 7}, {1, 37, 1}, {29, 1, 1}, {3, 5, 1},
            {1, 300, 20}, {300, 1, 20}, {2, 3, 700},                   // tall, wide, deep-and-thin
            {4, 16, 8}, {4, 16, 256}, {8, 32, 257},                      // exact micro-tiles, KC + 1
            {5, 17, 3}, {7, 15, 33}, {13, 31, 100}, {33, 47, 129},       // ragged in every direction
            {127, 129, 255}, {129, 130, 513},                            // around MC and 2*KC
            {9, 2100, 5}, {261, 20, 40},                                 // n > NC, m > 2*MC
    };

    static Stream<Arguments> shapesAndCombos() {
        List<Arguments> out = new ArrayList<>();
        for (int[] s : SHAPES) {
            for (int combo = 0; combo < 4; combo++) {
                out.add(Arguments.of(combo >= 2, (combo & 1) == 1, s[0], s[1], s[2]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "ta={0} tb={1} {2}x{3}x{4}")
    @MethodSource("shapesAndCombos")
    void matchesNaiveOnShapes(boolean ta, boolean tb, int m, int n, int k) {
        check(PARALLEL, plain(ta, tb, m, n, k), 42);
        check(SERIAL, plain(ta, tb, m, n, k), 43);
    }

    @ParameterizedTest(name = "ta={0} tb={1} {2}x{3}x{4}")
    @MethodSource("shapesAndCombos")
    void alphaBetaOffsetsAndLeadingDimensions(boolean ta, boolean tb, int m, int n, int k) {
        long seed = 7;
        for (float beta : new float[] {0f, 1f, 0.5f}) {
            for (float alpha : new float[] {1f, -0.75f}) {
                Case t = new Case(ta, tb, m, n, k, alpha, beta, 3, 11, 5, 2, 17, 9, false);
                check(PARALLEL, t, seed++);
            }
        }
    }

    @ParameterizedTest(name = "ta={0} tb={1} {2}x{3}x{4}")
    @MethodSource("shapesAndCombos")
    void betaZeroIgnoresNaNInC(boolean ta, boolean tb, int m, int n, int k) {
        check(PARALLEL, new Case(ta, tb, m, n, k, 1.5f, 0f, 1, 2, 3, 1, 0, 4, true), 9);
        // Beta != 0 must propagate the NaN (it is a real operand then).
        Case t = new Case(ta, tb, m, n, k, 1f, 1f, 0, 0, 0, 0, 0, 0, true);
        Random rnd = new Random(1);
        float[] a = matrix(rnd, 0, t.aRows(), ta ? m : k, t.lda(), false);
        float[] b = matrix(rnd, 0, t.bRows(), tb ? k : n, t.ldb(), false);
        float[] c = matrix(rnd, 0, m, n, t.ldc(), true);
        PARALLEL.sgemm(ta, tb, m, n, k, 1f, a, 0, t.lda(), b, 0, t.ldb(), 1f, c, 0, t.ldc());
        for (int i = 0; i < m * n; i++) {
            assertEquals(Float.NaN, c[i], t + " element " + i);
        }
    }

    /** Large enough to take the multi-threaded path, with sizes that split into ragged tiles. */
    @ParameterizedTest(name = "ta={0} tb={1}")
    @MethodSource("combos")
    void parallelPathMatchesNaive(boolean ta, boolean tb) {
        assertParallel(301L * 523 * 389);
        assertParallel(67L * 2213 * 130);
        check(PARALLEL, new Case(ta, tb, 301, 523, 389, 0.5f, 0.5f, 7, 3, 1, 5, 0, 3, false), 5);
        check(PARALLEL, new Case(ta, tb, 67, 2213, 130, 1f, 0f, 0, 0, 0, 0, 0, 0, true), 6);
    }

    /** Guards the tests meant for the multi-threaded path against a later threshold change. */
    static void assertParallel(long work) {
        assertTrue(work >= VectorGemm.PARALLEL_THRESHOLD, "too small for the parallel path: " + work);
    }

    static Stream<Arguments> combos() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true),
                Arguments.of(true, false), Arguments.of(true, true));
    }

    /** Tiling only changes which thread computes an element, never its summation order. */
    /**
     * No Vector API value crosses a method boundary in the kernels. C2 boxes a vector passed to
     * a method it does not inline, and whether it inlines depends on compilation order: a
     * helper taking vectors once made long training runs three times slower (gigabytes of
     * boxed vectors a second) while short benchmarks were fine. The guard is structural
     * because the slowdown itself cannot be reproduced on demand.
     */
    @Test
    void noKernelMethodTakesOrReturnsAVector() {
        for (Class<?> c : List.of(VectorGemm.class, VectorGemmPack.class, VecMath.class)) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                List<Class<?>> types = new ArrayList<>(Arrays.asList(m.getParameterTypes()));
                types.add(m.getReturnType());
                for (Class<?> t : types)
                    assertTrue(!jdk.incubator.vector.Vector.class.isAssignableFrom(t),
                            c.getSimpleName() + "." + m.getName() + " passes a " + t.getSimpleName());
            }
        }
    }

    @Test
    void parallelIsBitwiseEqualToSerial() {
        Random rnd = new Random(3);
        int m = 517, n = 389, k = 700;
        assertParallel((long) m * n * k);
        float[] a = matrix(rnd, 0, m, k, k, false), b = matrix(rnd, 0, k, n, n, false);
        float[] c1 = matrix(rnd, 0, m, n, n, false), c2 = c1.clone();
        PARALLEL.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0.5f, c1, 0, n);
        SERIAL.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0.5f, c2, 0, n);
        assertArrayEquals(c2, c1);
    }

    /** Several callers share the helper pool at once: no deadlock, no cross-talk between jobs. */
    @Test
    @Timeout(120)
    void concurrentCallersGetCorrectResults() throws Exception {
        int callers = 4;
        assertParallel(150L * 200 * 170);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < 5; rep++) {
                        check(PARALLEL, new Case(id % 2 == 0, id >= 2, 150 + id, 200, 170, 1f, 0.5f,
                                1, 2, 3, 0, 1, 2, false), 100L * id + rep);
                    }
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ degenerate arguments

    @Test
    void zeroKOrZeroAlphaOnlyScalesC() {
        float[] nanA = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        for (float beta : new float[] {0f, 1f, 0.5f}) {
            float[] c = {1, 2, 3, Float.NaN};
            PARALLEL.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, beta, c, 0, 2);
            assertScaled(beta, c);
            c = new float[] {1, 2, 3, Float.NaN};
            // alpha = 0: A and B are not referenced, so their NaNs must not leak into C.
            PARALLEL.sgemm(false, false, 2, 2, 2, 0f, nanA, 0, 2, nanA, 0, 2, beta, c, 0, 2);
            assertScaled(beta, c);
        }
    }

    private static void assertScaled(float beta, float[] c) {
        float[] want = beta == 0f ? new float[] {0, 0, 0, 0} : new float[] {beta, 2 * beta, 3 * beta, Float.NaN};
        assertArrayEquals(want, c, "beta=" + beta);
    }

    @Test
    void emptyDimensionsAreNoOps() {
        float[] c = {5f};
        PARALLEL.sgemm(false, false, 0, 1, 1, 1f, new float[0], 0, 1, new float[1], 0, 1, 0f, c, 0, 1);
        PARALLEL.sgemm(false, false, 1, 0, 1, 1f, new float[1], 0, 1, new float[0], 0, 1, 0f, c, 0, 1);
        PARALLEL.sgemmBatched(false, false, 1, 1, 1, 1f, new float[1], 0, 1, 1, new float[1], 0, 1, 1,
                0f, c, 0, 1, 1, 0);
        assertEquals(5f, c[0]);
    }

    @Test
    void rejectsBadArguments() {
        float[] x = new float[100];
        assertThrows(IllegalArgumentException.class,   // lda smaller than the row of A (k = 5)
                () -> PARALLEL.sgemm(false, false, 4, 4, 5, 1f, x, 0, 4, x, 0, 4, 0f, x, 0, 4));
        assertThrows(IllegalArgumentException.class,   // ldc smaller than n
                () -> PARALLEL.sgemm(false, false, 4, 4, 4, 1f, x, 0, 4, x, 0, 4, 0f, x, 0, 3));
        assertThrows(IndexOutOfBoundsException.class,  // B runs past the array
                () -> PARALLEL.sgemm(false, false, 4, 4, 4, 1f, x, 0, 4, x, 90, 4, 0f, x, 0, 4));
        assertThrows(IllegalArgumentException.class,
                () -> PARALLEL.sgemm(false, false, -1, 4, 4, 1f, x, 0, 4, x, 0, 4, 0f, x, 0, 4));
    }

    // ------------------------------------------------------------------ batched

    static Stream<Arguments> batchedCases() {
        return Stream.of(
                // small attention-like problems (serial tiles, parallel over the batch)
                Arguments.of(false, true, 17, 17, 8, 12),
                Arguments.of(false, false, 17, 8, 17, 12),
                Arguments.of(true, false, 8, 17, 17, 5),
                Arguments.of(true, true, 3, 5, 7, 4),
                // parallel over the batch, one tile per item
                Arguments.of(false, true, 64, 70, 64, 20),
                // large enough that each item is split into tiles as well
                Arguments.of(false, true, 130, 150, 100, 3),
                Arguments.of(true, false, 300, 260, 40, 2),
                Arguments.of(false, false, 1, 1, 1, 1));
    }

    @ParameterizedTest(name = "ta={0} tb={1} {2}x{3}x{4} batch={5}")
    @MethodSource("batchedCases")
    void batchedStridedMatchesPerItemNaive(boolean ta, boolean tb, int m, int n, int k, int batch) {
        Random rnd = new Random(11);
        Case t = new Case(ta, tb, m, n, k, 0.5f, 0.5f, 2, 3, 4, 1, 2, 3, false);
        // Strides larger than one matrix leave gaps (holding sentinels) between items.
        long strideA = (long) t.aRows() * t.lda() + 5;
        long strideC = (long) m * t.ldc() + 2;
        float[] a = matrix(rnd, 0, t.aOff + batch * (int) strideA, 1, 1, false);
        float[] b = matrix(rnd, t.bOff, t.bRows(), tb ? k : n, t.ldb(), false); // stride 0: shared B
        float[] c = matrix(rnd, 0, t.cOff + batch * (int) strideC, 1, 1, false);
        for (int i = 0; i < batch; i++) {      // sentinels in the gaps between C items
            int end = t.cOff + (i + 1) * (int) strideC;
            Arrays.fill(c, end - 2, end, SENTINEL);
        }
        float[] expectC = c.clone();
        double[] want = new double[c.length], bound = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            want[i] = c[i];
        }
        for (int i = 0; i < batch; i++) {
            Case item = new Case(ta, tb, m, n, k, t.alpha, t.beta, t.aOff + i * (int) strideA, t.bOff,
                    t.cOff + i * (int) strideC, t.padA, t.padB, t.padC, false);
            double[][] r = reference(item, a, b, expectC);
            for (int e = 0; e < c.length; e++) {
                if (r[1][e] != 0) {
                    want[e] = r[0][e];
                    bound[e] = r[1][e];
                }
            }
        }
        PARALLEL.sgemmBatched(ta, tb, m, n, k, t.alpha, a, t.aOff, t.lda(), strideA, b, t.bOff, t.ldb(), 0,
                t.beta, c, t.cOff, t.ldc(), strideC, batch);
        assertClose(t, new double[][] {want, bound}, c);
    }

    // ------------------------------------------------------------------ property test

    @Property(tries = 300)
    void randomShapesMatchNaive(@ForAll("cases") Case t, @ForAll long seed) {
        check(PARALLEL, t, seed);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> dim = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 20)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 150)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(150, 400)));
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 9);
        Arbitrary<Float> alpha = Arbitraries.of(1f, -1f, 0.5f, 2.25f, 0f);
        Arbitrary<Float> beta = Arbitraries.of(0f, 1f, 0.5f, -2f);
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        return Combinators.combine(bool, bool, dim, dim, dim, alpha, beta, small)
                .as((ta, tb, m, n, k, al, be, pad) ->
                        new Case(ta, tb, m, n, k, al, be, pad, 2 * pad, pad / 2, pad % 4, pad / 3, pad % 5,
                                be == 0f && pad % 2 == 0));
    }
}
