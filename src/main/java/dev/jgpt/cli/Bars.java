package dev.jgpt.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.util.function.IntConsumer;

/**
 * Progress on stderr for counted work (stdout stays clean for results and --json): a bar on a
 * terminal, a line every tenth of the way when stderr is a file or a pipe, nothing when quiet.
 */
final class Bars implements AutoCloseable {
    private final ProgressBar bar;
    private final String task;
    private final long total;
    private final boolean lines;
    private long nextLine, done;

    private Bars(ProgressBar bar, String task, long total, boolean lines) {
        this.bar = bar;
        this.task = task;
        this.total = total;
        this.lines = lines;
        this.nextLine = Math.max(1, total / 10);
    }

    static Bars of(String task, long total, boolean quiet) {
        if (quiet) return new Bars(null, task, total, false);
        if (System.console() == null) return new Bars(null, task, total, true);
        return new Bars(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500)
                .showSpeed().build(), task, total, false);
    }

    /** Receives "done so far" counts. */
    IntConsumer counter() {
        return this::report;
    }

    /** One more item done; safe to call from several worker threads. */
    synchronized void step() { report(done + 1); }

    private synchronized void report(long doneSoFar) {
        done = doneSoFar;
        if (bar != null) bar.stepTo(doneSoFar);
        else if (lines && doneSoFar >= nextLine) {
            System.err.printf("%s: %d/%d%n", task, doneSoFar, total);
            while (nextLine <= doneSoFar) nextLine += Math.max(1, total / 10);
        }
    }

    @Override public void close() { if (bar != null) bar.close(); }
}
