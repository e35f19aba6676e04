package dev.jgpt.code.sandbox.worker;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a program's System.out and System.err go: keeps the first {@code storeLimit} bytes
 * and counts the rest. Past {@code hardLimit} every write throws {@link OutputLimitError},
 * which stops a program printing gigabytes long before it fills memory or the pipe.
 */
final class CapturedOutput extends OutputStream {
    /** Thrown into the printing thread; an Error so that PrintStream does not swallow it. */
    static final class OutputLimitError extends Error {
        OutputLimitError(long limit) { super("output limit of " + limit + " bytes exceeded", null, false, false); }
    }

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;
    private long hardLimit = Long.MAX_VALUE;
    private int storeLimit;
    private volatile boolean overflowed;

    synchronized void reset(long hardLimit, int storeLimit) {
        kept.reset();
        total = 0;
        this.hardLimit = hardLimit;
        this.storeLimit = storeLimit;
        overflowed = false;
    }

    boolean overflowed() { return overflowed; }

    long hardLimit() { return hardLimit; }

    synchronized String text() { return kept.toString(StandardCharsets.UTF_8); }

    @Override public void write(int b) { write(new byte[] {(byte) b}, 0, 1); }

    @Override public synchronized void write(byte[] b, int off, int len) {
        if (total + len > hardLimit) {
            overflowed = true;
            throw new OutputLimitError(hardLimit);
        }
        total += len;
        int room = storeLimit - kept.size();
        if (room > 0) kept.write(b, off, Math.min(room, len));
    }
}
