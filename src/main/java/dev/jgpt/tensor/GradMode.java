package dev.jgpt.tensor;

/**
 * Whether ops record the graph. Inference (sampling, evaluation) runs inside
 * {@code try (var g = GradMode.off()) { ... }} so no activations are retained.
 * Thread-local, so a server can sample on one thread while another trains.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});

    private GradMode() {}

    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /** Disables recording until the returned scope is closed. */
    public static Scope off() {
        boolean[] flag = ENABLED.get();
        boolean prev = flag[0];
        flag[0] = false;
        return () -> flag[0] = prev;
    }

    public interface Scope extends AutoCloseable { @Override void close(); }
}
