package dev.jgpt.code.sandbox;

import dev.jgpt.code.sandbox.worker.Worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.*;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Runs untrusted programs in a pool of warm, isolated worker JVMs ({@link Isolation}).
 * At most {@code workers} programs run at once; a worker that timed out, crashed, ran out of
 * memory, left threads behind, or served {@code samplesPerWorker} programs is killed and a fresh
 * one takes its place. Thread-safe.
 */
public final class SandboxPool implements AutoCloseable {
    private static final String WORKER_PACKAGE = Worker.class.getPackageName().replace('.', '/') + "/";

    private final SandboxConfig config;
    private final Path baseDir;
    private final WorkerLauncher launcher;
    private final Isolation isolation;
    private final Semaphore slots;
    private final BlockingQueue<WorkerProcess> idle = new LinkedBlockingQueue<>();
    private final List<WorkerProcess> all = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final Thread shutdownHook = new Thread(this::killAll, "sandbox-shutdown");
    private volatile Boolean securityManagerActive;
    private volatile boolean closed;

    public SandboxPool(SandboxConfig config, Consumer<String> warn) {
        this.config = config;
        this.slots = new Semaphore(config.workers());
        Path base = null;
        try {
            base = Files.createTempDirectory("jgpt-sandbox-");
            Path classes = Files.createDirectory(base.resolve("classes"));
            extractWorkerClasses(classes);
            launcher = new WorkerLauncher(config, base, classes);
        } catch (IOException e) {
            Files2.deleteTree(base);
            throw new UncheckedIOException("cannot prepare the sandbox directory", e);
        }
        baseDir = base;
        try {
            isolation = IsolationProbe.resolve(config.isolation(), launcher, warn);
        } catch (RuntimeException e) {
            Files2.deleteTree(baseDir);
            watchdog.shutdownNow();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The isolation mode in effect. */
    public Isolation isolation() { return isolation; }

    public SandboxConfig config() { return config; }

    /** Whether workers run with the in-JVM SecurityManager layer; null before the first worker started. */
    public Boolean securityManagerActive() { return securityManagerActive; }

    /** Compiles and runs one program, blocking until a worker is free and the verdict is in. */
    public ExecResult execute(Job job) {
        if (closed) throw new IllegalStateException("sandbox pool closed");
        slots.acquireUninterruptibly();
        try {
            for (int attempt = 0; ; attempt++) {
                WorkerProcess w = borrow();
                try {
                    ExecResult r = w.execute(job, config, watchdog);
                    giveBack(w);
                    return r;
                } catch (WorkerProcess.NotDelivered e) {
                    retire(w);
                    if (attempt == 1) throw new IllegalStateException("sandbox worker keeps dying before it gets a program", e);
                }
            }
        } finally {
            slots.release();
        }
    }

    /** Runs all jobs on all workers; results are in the order of {@code jobs}. */
    public List<ExecResult> executeAll(List<Job> jobs, Consumer<ExecResult> onEach) {
        return executeAll(jobs.size(), jobs::get, onEach);
    }

    /**
     * Runs jobs 0..count-1 on all workers; {@code jobAt} builds each job when it is due, so a
     * large run never holds every program in memory. Results are in job order; {@code onEach}
     * is called from driver threads as verdicts arrive. The first failure of the sandbox itself
     * (a worker that cannot start) stops the run and is rethrown.
     */
    public List<ExecResult> executeAll(int count, IntFunction<Job> jobAt, Consumer<ExecResult> onEach) {
        ExecResult[] results = new ExecResult[count];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> drivers = new ArrayList<>();
        for (int d = 0; d < Math.min(config.workers(), count); d++) {
            Thread t = new Thread(() -> {
                try {
                    for (int i; failure.get() == null && (i = next.getAndIncrement()) < count; ) {
                        results[i] = execute(jobAt.apply(i));
                        onEach.accept(results[i]);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "sandbox-driver-" + d);
            t.setDaemon(true);
            t.start();
            drivers.add(t);
        }
        try {
            for (Thread t : drivers) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new IllegalStateException("interrupted"));
        }
        if (failure.get() != null) throw failure.get();
        return List.of(results);
    }

    private WorkerProcess borrow() {
        WorkerProcess w;
        while ((w = idle.poll()) != null) {
            if (w.alive()) return w;
            retire(w);
        }
        try {
            w = WorkerProcess.start(launcher.worker(isolation), watchdog);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        securityManagerActive = w.securityManager();
        all.add(w);
        if (closed) { // raced with close()
            retire(w);
            throw new IllegalStateException("sandbox pool closed");
        }
        return w;
    }

    private void giveBack(WorkerProcess w) {
        if (!closed && w.alive() && w.served() < config.samplesPerWorker()) idle.add(w);
        else retire(w);
    }

    private void retire(WorkerProcess w) {
        w.close();
        all.remove(w);
    }

    private void killAll() {
        for (WorkerProcess w : all) w.close();
        all.clear();
        idle.clear();
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        killAll();
        watchdog.shutdownNow();
        Files2.deleteTree(baseDir);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    /**
     * Copies the worker's classes (JDK-only, see the worker package) out of our class path into
     * a directory the sandbox can read: a jar or target/classes may sit where the worker's uid
     * cannot reach, and the worker must not see the rest of our class path anyway.
     */
    private static void extractWorkerClasses(Path dest) throws IOException {
        Path target = dest.resolve(WORKER_PACKAGE);
        Files.createDirectories(target);
        Path source;
        try {
            source = Path.of(Worker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (Files.isDirectory(source)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(source.resolve(WORKER_PACKAGE), "*.class")) {
                for (Path p : ds) Files.copy(p, target.resolve(p.getFileName().toString()));
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                    JarEntry e = en.nextElement();
                    String name = e.getName();
                    if (!name.startsWith(WORKER_PACKAGE) || !name.endsWith(".class") || name.indexOf('/', WORKER_PACKAGE.length()) >= 0) continue;
                    try (InputStream in = jar.getInputStream(e)) {
                        Files.copy(in, target.resolve(name.substring(WORKER_PACKAGE.length())));
                    }
                }
            }
        }
        try (var s = Files.walk(dest)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: PROCESS mode only, same user
        }
    }
}
