package dev.jgpt.bench;

import dev.jgpt.tensor.Gemm;
import dev.jgpt.tensor.Gemms;

/** Scratch GEMM timing. */
public final class GemmProbe {
    public static void main(String[] args) {
        Gemm g = Gemms.get();
        int[][] shapes = {{2048, 1152, 384}, {2048, 384, 1536}, {2048, 4096, 384}, {1024, 1024, 1024}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int rep = 0; rep < 6; rep++) {
                long t0 = System.nanoTime();
                g.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
                long t1 = System.nanoTime();
                if (rep == 5) System.out.printf("%s %dx%dx%d: %.1f GFLOP/s (%.1f ms)%n", g.name(), m, n, k, 2.0 * m * n * k / (t1 - t0), (t1 - t0) / 1e6);
            }
        }
    }
}
