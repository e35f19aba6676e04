package dev.jgpt.code.sandbox;

import dev.jgpt.code.sandbox.worker.Protocol;

import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on one live worker JVM: sends a program, reads the verdict, and
 * enforces the wall-clock limits from outside by killing the whole process tree, so a
 * worker that hangs, spins or ignores its own timeout is still stopped.
 */
final class WorkerProcess {
    /** Beyond the worker's own timeout, how long the parent waits before it kills. */
    static final long GRACE_MS = 2_000;
    private static final long HELLO_TIMEOUT_MS = 60_000;
    private static final int MAX_FRAME_STRING = 4 << 20;

    private enum Kill { NONE, COMPILE_DEADLINE, RUN_DEADLINE, HELLO_DEADLINE, CLOSED }

    private final Process process;
    private final Path hostWorkDir;
    private final int expectedDescendants;
    private final DataOutputStream toWorker;
    private final DataInputStream fromWorker;
    private final StderrTail stderr;
    private final boolean securityManager;
    private final String info;
    private volatile Kill killed = Kill.NONE;
    private static final java.security.SecureRandom NONCES = new java.security.SecureRandom();
    private int served;

    private WorkerProcess(Process process, Path hostWorkDir, int expectedDescendants,
                          ScheduledExecutorService watchdog) throws IOException {
        this.process = process;
        this.expectedDescendants = expectedDescendants;
        this.hostWorkDir = hostWorkDir;
        this.toWorker = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        this.fromWorker = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        this.stderr = new StderrTail(process.getErrorStream());
        ScheduledFuture<?> guard = watchdog.schedule(() -> kill(Kill.HELLO_DEADLINE), HELLO_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        try {
            if (Protocol.readHeader(fromWorker) != Protocol.HELLO) throw new IOException("protocol: expected HELLO");
            securityManager = fromWorker.readBoolean();
            info = Protocol.readString(fromWorker, MAX_FRAME_STRING);
        } catch (IOException e) {
            kill(Kill.CLOSED);
            throw new IOException("sandbox worker failed to start (" + e.getMessage() + "): " + postMortem(), e);
        } finally {
            guard.cancel(false);
        }
    }

    static WorkerProcess start(WorkerLauncher.Launch launch, ScheduledExecutorService watchdog) throws IOException {
        return new WorkerProcess(launch.builder().start(), launch.hostWorkDir(), launch.expectedDescendants(), watchdog);
    }

    boolean securityManager() { return securityManager; }

    String info() { return info; }

    int served() { return served; }

    boolean alive() { return killed == Kill.NONE && process.isAlive(); }

    /** Thrown when the request could not even be delivered: the job may be retried elsewhere. */
    static final class NotDelivered extends IOException {
        NotDelivered(IOException cause) { super(cause); }
    }

    /**
     * Runs one job. Returns the verdict; the worker is dead afterwards when the verdict asked
     * for recycling or the worker had to be killed ({@link #alive()} tells).
     */
    ExecResult execute(Job job, SandboxConfig cfg, ScheduledExecutorService watchdog) throws NotDelivered {
        long id = NONCES.nextLong(); // unguessable: a program cannot forge a verdict for this request
        served++;
        try {
            Protocol.writeHeader(toWorker, Protocol.RUN);
            toWorker.writeLong(id);
            toWorker.writeInt((int) Math.min(Integer.MAX_VALUE, cfg.timeoutMs()));
            toWorker.writeLong(cfg.outputLimitBytes());
            toWorker.writeInt(cfg.outputStoreBytes());
            Protocol.writeString(toWorker, job.mainClass());
            Protocol.writeString(toWorker, job.source());
            toWorker.flush();
        } catch (IOException e) {
            kill(Kill.CLOSED);
            throw new NotDelivered(e);
        }
        long compileMs = 0;
        long compileBudget = Math.max(30_000, 3 * cfg.timeoutMs());
        ScheduledFuture<?> guard = watchdog.schedule(() -> kill(Kill.COMPILE_DEADLINE), compileBudget, TimeUnit.MILLISECONDS);
        long runStart = 0;
        try {
            int type = Protocol.readHeader(fromWorker);
            if (type == Protocol.COMPILED) {
                guard.cancel(false);
                runStart = System.nanoTime();
                guard = watchdog.schedule(() -> kill(Kill.RUN_DEADLINE), cfg.timeoutMs() + GRACE_MS, TimeUnit.MILLISECONDS);
                expectId(id);
                compileMs = fromWorker.readLong();
                type = Protocol.readHeader(fromWorker);
            }
            if (type != Protocol.RESULT) throw new IOException("protocol: unexpected frame " + type);
            expectId(id);
            Outcome outcome = Outcome.fromId(Protocol.readString(fromWorker, 64));
            String message = Protocol.readString(fromWorker, MAX_FRAME_STRING);
            compileMs = fromWorker.readLong();
            long runMs = fromWorker.readLong();
            String output = Protocol.readString(fromWorker, MAX_FRAME_STRING);
            boolean recycle = fromWorker.readBoolean();
            guard.cancel(false);
            boolean strays = leftoverProcesses();
            if (recycle || strays) kill(Kill.CLOSED);
            if (strays && outcome == Outcome.PASSED) {
                outcome = Outcome.RUNTIME_ERROR;
                message = "left processes running after main returned (they were killed)";
            }
            return new ExecResult(outcome, message, runMs, compileMs, output);
        } catch (IOException | IllegalArgumentException e) {
            guard.cancel(false);
            long runMs = runStart == 0 ? 0 : (System.nanoTime() - runStart) / 1_000_000L;
            return diedDuringJob(e, cfg, runMs, compileMs);
        }
    }

    /**
     * True when the program left processes behind. In the namespace modes, orphans are
     * re-parented to the namespace's init, so they are still our descendants and seen here.
     */
    private boolean leftoverProcesses() {
        return process.descendants().count() > expectedDescendants;
    }

    private void expectId(long id) throws IOException {
        long got = fromWorker.readLong();
        if (got != id) throw new IOException("protocol: verdict for request " + got + ", expected " + id);
    }

    /** Turns a worker that stopped answering into a verdict: why did it die? */
    private ExecResult diedDuringJob(Exception readError, SandboxConfig cfg, long runMs, long compileMs) {
        Kill reason = killed;
        String tail = postMortem();
        if (reason == Kill.RUN_DEADLINE) {
            return ExecResult.of(Outcome.TIMEOUT, "killed after " + (cfg.timeoutMs() + GRACE_MS) + " ms (worker unresponsive)", runMs, compileMs);
        }
        if (reason == Kill.COMPILE_DEADLINE) {
            return ExecResult.of(Outcome.TIMEOUT, "compilation did not finish in time; worker killed", 0, compileMs);
        }
        Integer status = process.isAlive() ? null : process.exitValue();
        if (tail.contains("OutOfMemoryError")) {
            String line = tail.lines().filter(l -> l.contains("OutOfMemoryError")).findFirst().orElse("OutOfMemoryError");
            return ExecResult.of(Outcome.RUNTIME_ERROR, "memory limit exceeded (-Xmx" + cfg.heapMb() + "m): " + line.strip(), runMs, compileMs);
        }
        if (readError.getMessage() != null && readError.getMessage().startsWith("protocol:")) {
            return ExecResult.of(Outcome.RUNTIME_ERROR, "the program corrupted the worker's channel (" + readError.getMessage()
                    + "); worker replaced", runMs, compileMs);
        }
        String why = status == null ? "stopped answering" : "exited with status " + status;
        return ExecResult.of(Outcome.RUNTIME_ERROR, "the process " + why + " before the tests completed"
                + (tail.isBlank() ? "" : ": " + tail.strip()), runMs, compileMs);
    }

    /** Kills the process and everything it started, then gives the kernel a moment to report. */
    private String postMortem() {
        kill(Kill.CLOSED);
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stderr.drain();
        return stderr.tail();
    }

    void close() { kill(Kill.CLOSED); }

    private synchronized void kill(Kill reason) {
        if (killed == Kill.NONE) killed = reason;
        // Descendants first (they are visible to us in every mode); in the namespace modes killing
        // unshare alone would suffice: its child is the PID namespace's init, whose death ends them all.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (hostWorkDir != null) {
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files2.deleteTree(hostWorkDir);
        }
    }

    /** Drains the worker's stderr continuously (so it can never block) and keeps the last few KB. */
    private static final class StderrTail {
        private static final int KEEP = 4096;
        private final StringBuilder tail = new StringBuilder();
        private final Thread reader;

        StderrTail(InputStream in) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buf)) > 0; ) append(new String(buf, 0, n, StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "sandbox-stderr");
            t.setDaemon(true);
            t.start();
            reader = t;
        }

        /** Waits briefly for the last bytes after the process has died. */
        void drain() {
            try {
                reader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized void append(String s) {
            tail.append(s);
            if (tail.length() > KEEP) tail.delete(0, tail.length() - KEEP);
        }

        synchronized String tail() { return tail.toString(); }
    }
}
