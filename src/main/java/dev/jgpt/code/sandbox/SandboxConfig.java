package dev.jgpt.code.sandbox;

/**
 * Limits and knobs of a sandbox pool.
 *
 * @param workers            worker JVMs running in parallel
 * @param timeoutMs          wall-clock limit of one program's run (compilation not included)
 * @param heapMb             -Xmx of a worker; allocation beyond it kills that worker
 * @param outputLimitBytes   printing more than this fails the sample
 * @param outputStoreBytes   how much of the output is kept in the result
 * @param isolation          requested isolation mode
 * @param samplesPerWorker   a worker is replaced after this many samples (bounds leaks)
 * @param securityManager    whether workers install the in-JVM SecurityManager layer
 */
public record SandboxConfig(int workers, long timeoutMs, int heapMb, long outputLimitBytes,
                            int outputStoreBytes, Isolation isolation, int samplesPerWorker,
                            boolean securityManager) {
    public SandboxConfig {
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1");
        if (timeoutMs < 1) throw new IllegalArgumentException("timeout must be positive");
        if (heapMb < 64) throw new IllegalArgumentException("heap must be >= 64 MB");
        if (outputStoreBytes < 0 || outputLimitBytes < outputStoreBytes) throw new IllegalArgumentException("bad output limits");
        if (samplesPerWorker < 1) throw new IllegalArgumentException("samplesPerWorker must be >= 1");
    }

    public static SandboxConfig defaults() {
        return new SandboxConfig(Math.max(1, Runtime.getRuntime().availableProcessors()), 10_000, 512,
                1 << 20, 64 << 10, Isolation.AUTO, 500, true);
    }

    public SandboxConfig withWorkers(int n) {
        return new SandboxConfig(n, timeoutMs, heapMb, outputLimitBytes, outputStoreBytes, isolation, samplesPerWorker, securityManager);
    }

    public SandboxConfig withTimeoutMs(long ms) {
        return new SandboxConfig(workers, ms, heapMb, outputLimitBytes, outputStoreBytes, isolation, samplesPerWorker, securityManager);
    }

    public SandboxConfig withHeapMb(int mb) {
        return new SandboxConfig(workers, timeoutMs, mb, outputLimitBytes, outputStoreBytes, isolation, samplesPerWorker, securityManager);
    }

    public SandboxConfig withIsolation(Isolation i) {
        return new SandboxConfig(workers, timeoutMs, heapMb, outputLimitBytes, outputStoreBytes, i, samplesPerWorker, securityManager);
    }

    public SandboxConfig withSecurityManager(boolean on) {
        return new SandboxConfig(workers, timeoutMs, heapMb, outputLimitBytes, outputStoreBytes, isolation, samplesPerWorker, on);
    }

    public SandboxConfig withSamplesPerWorker(int n) {
        return new SandboxConfig(workers, timeoutMs, heapMb, outputLimitBytes, outputStoreBytes, isolation, n, securityManager);
    }

    public SandboxConfig withOutputLimits(long limit, int store) {
        return new SandboxConfig(workers, timeoutMs, heapMb, limit, store, isolation, samplesPerWorker, securityManager);
    }
}
