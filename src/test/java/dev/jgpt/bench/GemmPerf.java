package dev.jgpt.bench;

import dev.jgpt.tensor.Gemm;
import dev.jgpt.tensor.VectorGemm;

import java.util.Arrays;
import java.util.Random;

/**
 * Quick GFLOP/s check without JMH (seconds rather than minutes):
 * {@code java --add-modules jdk.incubator.vector -cp ... dev.jgpt.bench.GemmPerf [reps] [filter]},
 * where the filter selects from the standard shapes ("384 NT") or names any shape ("512x512x64 NN").
 * Prints the median, best and worst of {@code reps} samples (each ~0.3 s of back-to-back calls)
 * per shape and transposition combo.
 */
public final class GemmPerf {
    /** (M, N, K) of 1024^3 and the GPT training-step shapes. */
    static final int[][] SHAPES = {
            {1024, 1024, 1024}, {2048, 1152, 384}, {2048, 384, 1536}, {2048, 4096, 384},
    };
    static final String[] COMBOS = {"NN", "NT", "TN"};

    /**
     * Process CPU time, for a contention-insensitive figure: flops per CPU-second times the
     * thread count estimates the rate with dedicated cores (other users share this machine).
     */
    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    static final int THREADS = Integer.getInteger("jgpt.threads", Runtime.getRuntime().availableProcessors());

    static final long SAMPLE_NS = 300_000_000L;

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String filter = args.length > 1 ? args[1] : "";
        Gemm g = new VectorGemm();
        Random rnd = new Random(1);
        int[][] shapes = SHAPES;
        if (filter.matches("\\d+x\\d+x\\d+.*")) {  // an explicit MxNxK[ combo] instead of the list
            String[] d = filter.split("[x ]");
            shapes = new int[][] {{Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2])}};
        }
        for (int[] s : shapes) {
            for (String combo : COMBOS) {
                String label = s[0] + "x" + s[1] + "x" + s[2] + " " + combo;
                if (!label.contains(filter)) {
                    continue;
                }
                int m = s[0], n = s[1], k = s[2];
                boolean ta = combo.charAt(0) == 'T', tb = combo.charAt(1) == 'T';
                float[] a = random(rnd, m * k), b = random(rnd, k * n), c = new float[m * n];
                int lda = ta ? m : k, ldb = tb ? k : n;
                double flops = 2.0 * m * n * k;
                // Warm-up: enough calls for C2 to compile the kernel and packing loops.
                long warmEnd = System.nanoTime() + 1_500_000_000L;
                while (System.nanoTime() < warmEnd) {
                    g.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                }
                double[] gf = new double[reps];
                double[] cpu = new double[reps];
                for (int r = 0; r < reps; r++) {
                    // One sample = as many calls as fit in SAMPLE_NS (CPU time is tick-quantised).
                    long c0 = OS.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    int calls = 0;
                    long wall;
                    do {
                        g.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                        calls++;
                    } while ((wall = System.nanoTime() - t0) < SAMPLE_NS);
                    gf[r] = flops * calls / wall;
                    cpu[r] = flops * calls / Math.max(1, OS.getProcessCpuTime() - c0) * THREADS;
                }
                Arrays.sort(gf);
                Arrays.sort(cpu);
                System.out.printf("%-20s median %6.1f  best %6.1f  worst %6.1f GFLOP/s   cpu-time-based median %6.1f%n",
                        label, gf[reps / 2], gf[reps - 1], gf[0], cpu[reps / 2]);
            }
        }
    }

    static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }
}
