package dev.jgpt.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.util.function.IntConsumer;

/** Progress bars on stderr for counted work (stdout stays clean for results and --json). */
final class Bars implements AutoCloseable {
    private final ProgressBar bar;

    private Bars(ProgressBar bar) { this.bar = bar; }

    /** A bar of {@code total} units, or a silent stand-in when {@code quiet}. */
    static Bars of(String task, long total, boolean quiet) {
        if (quiet) return new Bars(null);
        return new Bars(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500)
                .showSpeed().build());
    }

    /** Receives "done so far" counts. */
    IntConsumer counter() { return done -> { if (bar != null) bar.stepTo(done); }; }

    @Override public void close() { if (bar != null) bar.close(); }
}
