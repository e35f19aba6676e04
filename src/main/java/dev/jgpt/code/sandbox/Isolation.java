package dev.jgpt.code.sandbox;

/**
 * How worker processes are isolated from the host. See docs/SANDBOX.md.
 */
public enum Isolation {
    /** Pick the strongest mode that works here, warning loudly when that is {@link #PROCESS}. */
    AUTO,
    /**
     * Needs root: new network, PID, mount, IPC and UTS namespaces; a minimal read-only root
     * with a private size-capped /tmp; a throw-away unprivileged uid per worker; rlimits.
     */
    NAMESPACES,
    /**
     * Without root, through an unprivileged user namespace: the same namespaces and file
     * system, but the program runs as the invoking user (mapped to a capability-less root
     * inside), so the process limit is shared with that user.
     */
    USERNS,
    /** No OS isolation: a plain child JVM with rlimits where prlimit exists, plus the in-JVM layer. */
    PROCESS;

    public static Isolation parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.jgpt.util.UserException("unknown isolation '" + s + "' (auto, namespaces, userns, process)");
        }
    }
}
