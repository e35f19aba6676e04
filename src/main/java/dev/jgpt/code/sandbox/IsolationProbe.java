package dev.jgpt.code.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Decides which isolation mode to use: the strongest one whose sandbox actually starts here
 * (each candidate is tried with {@code true} as the program), falling back with a warning.
 */
final class IsolationProbe {
    private IsolationProbe() {}

    static Isolation resolve(Isolation requested, WorkerLauncher launcher, Consumer<String> warn) {
        if (requested != Isolation.AUTO) {
            if (requested != Isolation.PROCESS) {
                String why = failure(requested, launcher);
                if (why != null) throw new IllegalStateException("isolation '" + requested.name().toLowerCase() + "' is not available here: " + why);
            }
            if (requested == Isolation.PROCESS) warnProcessMode(warn, "requested explicitly");
            return requested;
        }
        List<String> reasons = new ArrayList<>();
        for (Isolation candidate : candidates()) {
            String why = failure(candidate, launcher);
            if (why == null) {
                if (candidate == Isolation.USERNS) {
                    warn.accept("sandbox: running as a non-root user, using an unprivileged user namespace: programs run as "
                            + "your own uid (without capabilities) and share your process limit; run as root for a separate uid per worker");
                }
                return candidate;
            }
            reasons.add(candidate.name().toLowerCase() + ": " + why);
        }
        warnProcessMode(warn, String.join("; ", reasons));
        return Isolation.PROCESS;
    }

    private static List<Isolation> candidates() {
        if (!WorkerLauncher.isLinux()) return List.of();
        return isRoot() ? List.of(Isolation.NAMESPACES, Isolation.USERNS) : List.of(Isolation.USERNS);
    }

    private static void warnProcessMode(Consumer<String> warn, String why) {
        warn.accept("""
                WARNING *******************************************************************
                WARNING  sandbox: NO OS-LEVEL ISOLATION (%s).
                WARNING  Generated programs run as YOUR user, with network access and write
                WARNING  access to your files, guarded only by JVM-level checks and rlimits%s.
                WARNING  Evaluate untrusted code as root on Linux, or where user namespaces work.
                WARNING *******************************************************************"""
                .formatted(why, Runtime.version().feature() >= 24 ? "\nWARNING  (and this JDK has no SecurityManager: there are NO JVM-level checks)" : ""));
    }

    /** Null when the mode works, else a short reason. */
    static String failure(Isolation mode, WorkerLauncher launcher) {
        if (mode == Isolation.PROCESS) return null;
        if (!WorkerLauncher.isLinux()) return "not Linux";
        if (!WorkerLauncher.toolsPresent()) return "util-linux tools missing (unshare, setpriv, prlimit, chroot, mount)";
        if (mode == Isolation.NAMESPACES && !isRoot()) return "needs root";
        try {
            Process p = launcher.probe(mode).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "probe timed out";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) return "probe failed (status " + p.exitValue() + ")" + (out.isEmpty() ? "" : ": " + firstLine(out));
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.substring(4).trim().split("\\s+")[1].equals("0"); // effective uid
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return false;
    }
}
