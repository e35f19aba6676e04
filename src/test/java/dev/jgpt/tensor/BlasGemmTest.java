package dev.jgpt.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link BlasGemm} on products large enough to run in slices, against a double-precision
 * triple loop. C sits inside a wider array (offset, ldc > n) filled with a sentinel, so
 * writes outside it are caught too.
 */
class BlasGemmTest {
    private static final float SENTINEL = -12345.5f;

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4} beta={5}")
    @CsvSource({
            "false,false,700,1600,9,0",     // slices of A's rows
            "false,true,700,1600,9,0.5",
            "true,false,9,1700,700,0",      // slices of the shared dimension, summed in C
            "true,false,9,1700,700,1",
            "false,false,3,5,4,0.5",        // one call
            "true,true,600,1800,5,0"})      // transposed both: one call
    void matchesReference(boolean transA, boolean transB, int m, int n, int k, float beta) {
        assertEquals(true, (long) Math.max(m, k) * n > BlasGemm.SLICE_FLOATS || m * n < 100, "case size");
        Random r = new Random(m * 31L + n * 7L + k);
        int lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 2, ldc = n + 5, aOff = 4, bOff = 6, cOff = 3;
        float[] a = random(r, aOff + (transA ? k : m) * lda), b = random(r, bOff + (transB ? n : k) * ldb);
        float[] c = new float[cOff + m * ldc + 2];
        java.util.Arrays.fill(c, SENTINEL);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = r.nextFloat() - 0.5f;
        float[] before = c.clone();
        float alpha = 0.75f;
        new BlasGemm().sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        for (int i = 0; i < c.length; i++) {
            int row = (i - cOff) / ldc, col = (i - cOff) % ldc;
            boolean inside = i >= cOff && row < m && col < n;
            if (!inside) { assertEquals(SENTINEL, c[i], "element " + i + " outside C changed"); continue; }
            double acc = 0, scale = 0;
            for (int p = 0; p < k; p++) {
                double x = transA ? a[aOff + p * lda + row] : a[aOff + row * lda + p];
                double y = transB ? b[bOff + col * ldb + p] : b[bOff + p * ldb + col];
                acc += x * y;
                scale += Math.abs(x * y);
            }
            double want = alpha * acc + beta * before[i];
            assertEquals(want, c[i], 1e-5 * (alpha * scale + Math.abs(beta * before[i])) + 1e-6, "C[" + row + "," + col + "]");
        }
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.nextFloat() - 0.5f;
        return x;
    }
}
