package dev.jgpt.code.sandbox;

import dev.jgpt.code.sandbox.worker.Protocol;

/** How one sample ended. Only {@link #PASSED} counts towards pass@k. */
public enum Outcome {
    PASSED(Protocol.PASSED),
    /** A test assertion failed (AssertionError, or MBXP's plain Exception thrown by the test). */
    FAILED(Protocol.FAILED),
    COMPILE_ERROR(Protocol.COMPILE_ERROR),
    /** Wall-clock timeout, including a non-daemon thread that never ends. */
    TIMEOUT(Protocol.TIMEOUT),
    /** Any other exception, System.exit, memory or output limit, a crashed worker. */
    RUNTIME_ERROR(Protocol.RUNTIME_ERROR);

    private final String id;

    Outcome(String id) { this.id = id; }

    /** The name used in results files and JSON. */
    public String id() { return id; }

    public static Outcome fromId(String id) {
        for (Outcome o : values()) if (o.id.equals(id)) return o;
        throw new IllegalArgumentException("unknown outcome: " + id);
    }
}
