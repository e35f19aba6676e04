package dev.jgpt.cli;

import dev.jgpt.train.Trainer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.nio.file.Path;

/** A progress bar on stderr showing loss, learning rate and tokens/s; eval results as lines. */
final class TrainProgress implements Trainer.Listener, AutoCloseable {
    private final ProgressBar bar;

    TrainProgress(int maxIters, int startStep, boolean quiet) {
        bar = quiet ? null : new ProgressBarBuilder().setTaskName("train").setInitialMax(maxIters)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        if (bar != null) bar.stepTo(startStep);
    }

    @Override public void onStep(int step, int maxIters, float loss, float lr, double tps) {
        if (bar == null) return;
        bar.stepTo(step);
        bar.setExtraMessage(String.format(" loss %.4f lr %.2e %,.0f tok/s", loss, lr, tps));
    }

    @Override public void onEval(int step, double trainLoss, double valLoss) {
        String line = String.format("step %d: train loss %.4f, val loss %.4f", step, trainLoss, valLoss);
        if (bar == null) System.err.println(line);
        else bar.setExtraMessage(" " + line);
    }

    @Override public void onCheckpoint(int step, Path dir) {}

    @Override public void close() { if (bar != null) bar.close(); }
}
