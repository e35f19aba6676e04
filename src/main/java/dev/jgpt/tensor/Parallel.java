package dev.jgpt.tensor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits loops over the cores. The caller runs the first chunk itself so a 2-core machine
 * uses one pool thread, and small loops stay on the calling thread (a hand-off costs
 * microseconds, which matters for the op-bound tiny models we train).
 */
public final class Parallel {
    @FunctionalInterface
    public interface RangeBody { void run(int from, int to); }

    private static final int THREADS = Integer.getInteger("jgpt.threads", Runtime.getRuntime().availableProcessors());
    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
        Thread t = new Thread(r, "jgpt-worker");
        t.setDaemon(true);
        return t;
    });
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private Parallel() {}

    public static int threads() { return THREADS; }

    /**
     * Runs body over [0, n) in contiguous chunks. {@code work} is the approximate cost per
     * index in element operations; loops below ~32k total work run serially.
     */
    public static void forRange(int n, long work, RangeBody body) {
        if (n <= 0) return;
        int chunks = (int) Math.min(THREADS, n);
        if (chunks <= 1 || n * Math.max(1, work) < 32_768 || INSIDE.get()) {
            body.run(0, n);
            return;
        }
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            futures[c - 1] = POOL.submit(() -> {
                INSIDE.set(true);
                try { body.run(from, to); } finally { INSIDE.set(false); }
            });
        }
        INSIDE.set(true);
        try { body.run(0, (int) ((long) n / chunks)); } finally { INSIDE.set(false); }
        for (Future<?> f : futures) {
            try { f.get(); } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof RuntimeException re) throw re;
                if (cause instanceof Error er) throw er;
                throw new RuntimeException(cause);
            }
        }
    }
}
