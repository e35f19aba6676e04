package dev.jgpt.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link BlasGemm} against a double-precision triple loop, on one instance in a row of calls
 * whose operands have different proportions (A, B and C share one native block, laid out
 * afresh per call). C sits inside a wider array (offset, ldc > n) filled with a sentinel, so
 * writes outside it are caught too.
 */
class BlasGemmTest {
    private static final float SENTINEL = -12345.5f;

    private static final BlasGemm GEMM = new BlasGemm();

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4} beta={5}")
    @CsvSource({
            "false,false,700,1600,9,0",     // large C
            "false,true,9,16,700,0.5",      // large A and B, small C
            "true,false,9,1700,700,0",      // large B
            "true,false,300,8,700,1",       // large A
            "false,false,3,5,4,0.5",
            "true,true,600,1800,5,0"})
    void matchesReference(boolean transA, boolean transB, int m, int n, int k, float beta) {
        Random r = new Random(m * 31L + n * 7L + k);
        int lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 2, ldc = n + 5, aOff = 4, bOff = 6, cOff = 3;
        float[] a = random(r, aOff + (transA ? k : m) * lda), b = random(r, bOff + (transB ? n : k) * ldb);
        float[] c = new float[cOff + m * ldc + 2];
        java.util.Arrays.fill(c, SENTINEL);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = r.nextFloat() - 0.5f;
        float[] before = c.clone();
        float alpha = 0.75f;
        GEMM.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
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
