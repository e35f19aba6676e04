package dev.jgpt.code.sandbox.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Runs a compiled program's {@code main} the way {@code java Main} would, but in a thread of
 * its own thread group inside the warm worker: the program ends when main has returned and
 * every non-daemon thread it started has ended. A verdict is reached within the wall-clock
 * timeout; anything that leaves threads behind asks for the worker to be replaced.
 */
final class SampleRunner {
    record Verdict(String outcome, String message, long runMs, boolean recycle) {}

    private static final int MAX_FRAMES = 8;
    private static final int MAX_MESSAGE = 4000;

    private final SandboxSecurity security; // null when the JDK has no SecurityManager
    private final CapturedOutput output;
    private int counter;

    SampleRunner(SandboxSecurity security, CapturedOutput output) {
        this.security = security;
        this.output = output;
    }

    Verdict run(Map<String, byte[]> classes, String mainClass, long timeoutMs) throws InterruptedException {
        ProtectionDomain domain = security != null ? security.sampleDomain() : null;
        ClassLoader loader = new SampleClassLoader(classes, domain);
        Method main;
        try {
            Class<?> c = Class.forName(mainClass, false, loader);
            main = c.getDeclaredMethod("main", String[].class);
            if (!Modifier.isStatic(main.getModifiers())) throw new NoSuchMethodException("main is not static");
            main.setAccessible(true); // MBJP's Main class is package-private
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return new Verdict(Protocol.COMPILE_ERROR, "no runnable " + mainClass + ".main(String[]): " + e, 0, false);
        }

        ThreadGroup group = new ThreadGroup("sample-" + (++counter));
        Throwable[] thrown = new Throwable[1];
        Thread thread = new Thread(group, () -> {
            try {
                main.invoke(null, (Object) new String[0]);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "main");
        thread.setContextClassLoader(loader);
        if (security != null) security.beginSample(group);

        Set<Thread> before = allThreads();
        long start = System.nanoTime();
        long deadline = start + timeoutMs * 1_000_000L;
        thread.start();
        thread.join(Math.max(1, timeoutMs));
        if (thread.isAlive()) {
            return new Verdict(Protocol.TIMEOUT, "did not finish within " + timeoutMs + " ms", elapsedMs(start), true);
        }
        Thread straggler = awaitNonDaemonThreads(group, deadline);
        long runMs = elapsedMs(start);
        if (straggler != null) {
            String how = thrown[0] == null ? "main returned" : "main threw " + thrown[0];
            return new Verdict(Protocol.TIMEOUT, cap(how + ", but non-daemon thread '" + straggler.getName()
                    + "' was still running after " + timeoutMs + " ms"), runMs, true);
        }
        // Daemon threads are harmless to this verdict but not to the next sample.
        boolean leftovers = group.activeCount() > 0 || workOutsideGroup(before, group);
        return classify(thrown[0], mainClass, runMs, leftovers);
    }

    /**
     * True if the program left work running outside its thread group: tasks still running in
     * the common ForkJoinPool (parallel streams, CompletableFuture), or any other new thread
     * outside its group that is not an (idle) common-pool thread.
     */
    private static boolean workOutsideGroup(Set<Thread> before, ThreadGroup group) {
        if (!ForkJoinPool.commonPool().isQuiescent()) return true;
        for (Thread t : allThreads()) {
            if (before.contains(t) || !t.isAlive()) continue;
            // Idle common-pool threads are fine (checked quiescent above); other pools' workers, such
            // as the carriers of virtual threads on newer JDKs, may still be running the program's work.
            if (t instanceof ForkJoinWorkerThread fj && fj.getPool() == ForkJoinPool.commonPool()) continue;
            ThreadGroup g = t.getThreadGroup();
            if (g == null || !group.parentOf(g)) return true;
        }
        return false;
    }

    private static Set<Thread> allThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        return new HashSet<>(Arrays.asList(threads).subList(0, n));
    }

    /** Waits, until the deadline, for the group's non-daemon threads; returns one still alive, or null. */
    private static Thread awaitNonDaemonThreads(ThreadGroup group, long deadline) throws InterruptedException {
        while (true) {
            Thread[] threads = new Thread[group.activeCount() + 8];
            int n = group.enumerate(threads, true);
            Thread live = null;
            for (int i = 0; i < n && live == null; i++) {
                if (threads[i].isAlive() && !threads[i].isDaemon()) live = threads[i];
            }
            if (live == null) return null;
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) return live;
            live.join(leftMs);
        }
    }

    private Verdict classify(Throwable t, String mainClass, long runMs, boolean recycle) {
        Integer exit = security != null ? security.exitStatus() : null;
        if (exit != null) {
            return new Verdict(Protocol.RUNTIME_ERROR, "called System.exit(" + exit + ") before the tests completed", runMs, recycle);
        }
        if (output.overflowed()) {
            return new Verdict(Protocol.RUNTIME_ERROR, "printed more than " + output.hardLimit() + " bytes", runMs, recycle);
        }
        if (t == null) return new Verdict(Protocol.PASSED, "", runMs, recycle);
        if (isTestFailure(t, mainClass)) return new Verdict(Protocol.FAILED, cap(String.valueOf(t)), runMs, recycle);
        return new Verdict(Protocol.RUNTIME_ERROR, cap(describe(t)), runMs, recycle);
    }

    /**
     * A failed test, as opposed to a crash: HumanEval-X tests throw AssertionError, MBXP tests
     * throw a plain java.lang.Exception from the test class's main.
     */
    static boolean isTestFailure(Throwable t, String mainClass) {
        if (t instanceof AssertionError) return true;
        StackTraceElement[] st = t.getStackTrace();
        return t.getClass() == Exception.class && st.length > 0 && st[0].getClassName().equals(mainClass);
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t));
        int shown = 0;
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("jdk.internal.reflect.") || e.getClassName().startsWith("java.lang.reflect.")) break;
            if (shown++ == MAX_FRAMES) { sb.append("\n\t..."); break; }
            sb.append("\n\tat ").append(e);
        }
        return sb.toString();
    }

    private static String cap(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
    }

    private static long elapsedMs(long startNanos) { return (System.nanoTime() - startNanos) / 1_000_000L; }
}
