package dev.jgpt.tensor;

/**
 * Chooses the GEMM implementation once per process: OpenBLAS by default, the pure-Java
 * Vector API kernel when {@code -Djgpt.gemm=vector} (or when the natives fail to load).
 */
public final class Gemms {
    private static volatile Gemm instance;

    private Gemms() {}

    public static Gemm get() {
        Gemm g = instance;
        if (g == null) {
            synchronized (Gemms.class) {
                if (instance == null) instance = create(System.getProperty("jgpt.gemm", "openblas"));
                g = instance;
            }
        }
        return g;
    }

    private static volatile Gemm small;

    /**
     * GEMM for many small problems (attention's per-head products): the pure-Java kernel,
     * which works on the Java arrays in place and spreads a whole batch over the cores,
     * where OpenBLAS would pay a copy to native memory and a thread hand-off per head.
     */
    public static Gemm batchedSmall() {
        Gemm g = small;
        if (g == null) {
            synchronized (Gemms.class) {
                if (small == null) small = create("vector");
                g = small;
            }
        }
        return g;
    }

    /** Replaces the process-wide implementation (benchmarks compare both in one run). */
    public static void set(Gemm g) { instance = g; }

    public static Gemm create(String name) {
        switch (name) {
            case "openblas":
                try {
                    return new BlasGemm();
                } catch (Throwable t) {
                    System.err.println("warning: OpenBLAS unavailable (" + t + "); using the pure-Java Vector API GEMM");
                    return create("vector");
                }
            case "vector":
                return new VectorGemm();
            default:
                throw new IllegalArgumentException("unknown GEMM implementation '" + name + "' (expected openblas or vector)");
        }
    }
}
