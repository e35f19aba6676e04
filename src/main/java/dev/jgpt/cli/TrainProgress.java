package dev.jgpt.cli;

import dev.jgpt.train.Trainer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;


/**
 * A progress bar on stderr showing loss, learning rate and tokens/s, with eval results as
 * lines. When stderr is not a terminal (CI, a log file) it prints a plain line every 5%
 * instead of redrawing a bar.
 */
final class TrainProgress implements Trainer.Listener, AutoCloseable {
    private final ProgressBar bar;
    private final boolean quiet;

    TrainProgress(int maxIters, int startStep, boolean quiet) {
        this.quiet = quiet;
        boolean tty = System.console() != null;
        bar = quiet || !tty ? null : new ProgressBarBuilder().setTaskName("train").setInitialMax(maxIters)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        if (bar != null) bar.stepTo(startStep);
    }

    @Override public void onStep(int step, int maxIters, float loss, float lr, double tps) {
        if (bar == null) {
            int every = Math.max(1, maxIters / 20);  // the run's own length, which a caller may not know up front
            if (!quiet && (step % every == 0 || step == maxIters))
                System.err.printf("step %d/%d: loss %.4f, lr %.2e, %,.0f tokens/s%n", step, maxIters, loss, lr, tps);
            return;
        }
        if (bar.getMax() != maxIters) bar.maxHint(maxIters);
        bar.stepTo(step);
        bar.setExtraMessage(String.format(" loss %.4f lr %.2e %,.0f tok/s", loss, lr, tps));
    }

    @Override public void onEval(int step, double trainLoss, double valLoss) {
        String line = String.format("step %d: train loss %.4f, val loss %.4f", step, trainLoss, valLoss);
        if (bar == null) { if (!quiet) System.err.println(line); }
        else bar.setExtraMessage(String.format(" val %.4f (step %d)", valLoss, step));   // short: the bar's width is the terminal's
    }


    @Override public void close() { if (bar != null) bar.close(); }
}
