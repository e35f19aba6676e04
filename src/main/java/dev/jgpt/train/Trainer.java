package dev.jgpt.train;

import dev.jgpt.data.Batch;
import dev.jgpt.data.BatchSampler;
import dev.jgpt.data.TokenShards;
import dev.jgpt.model.Gpt;
import dev.jgpt.model.GptConfig;
import dev.jgpt.model.io.TrainerState;
import dev.jgpt.tensor.GradMode;
import dev.jgpt.tensor.Kernels;
import dev.jgpt.tensor.Tensor;
import dev.jgpt.tokenizer.Tokenizer;
import dev.jgpt.util.Plots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pretraining loop: AdamW on next-token cross-entropy with warm-up + cosine schedule,
 * gradient clipping and accumulation, periodic validation, checkpoints and a loss plot.
 *
 * <p>Reproducibility: batch i and dropout mask i are functions of (seed, i) alone, and every
 * parallel reduction has a fixed order, so the same config gives bit-identical losses and
 * a resumed run continues exactly the curve it would have drawn uninterrupted, as long as it
 * computes with the same kernels ({@link Kernels}; checkpoints record them under {@link #KERNELS}).
 */
public final class Trainer {
    /** Key of the kernels' description in a checkpoint's trainer state extras. */
    public static final String KERNELS = "kernels";

    /** Observes progress (a progress bar, a log); all methods optional. */
    public interface Listener {
        default void onStep(int step, int maxIters, float loss, float lr, double tokensPerSecond) {}
        default void onEval(int step, double trainLoss, double valLoss) {}
        default void onCheckpoint(int step, Path dir) {}
    }

    public record Result(int steps, double trainLoss, double valLoss, double seconds, double tokensPerSecond,
                         List<TrainerState.LossPoint> history) {}

    private final TrainConfig cfg;
    private final Gpt model;
    private final AdamW opt;
    private final TokenShards shards;
    private final Tokenizer tokenizer;
    private final Path checkpointDir, plotFile;
    private final List<TrainerState.LossPoint> history = new ArrayList<>();
    private int step;
    private PretrainingCorpus corpus;

    /** A fresh run (model may come from a checkpoint, for fine-tuning) or a resumed one. */
    public Trainer(TrainConfig cfg, Gpt model, TokenShards shards, Tokenizer tokenizer, Path checkpointDir, Path plotFile) {
        this.cfg = cfg;
        this.model = model;
        this.shards = shards;
        this.tokenizer = tokenizer;
        this.checkpointDir = checkpointDir;
        this.plotFile = plotFile;
        this.opt = new AdamW(model.parameters(), cfg.hyper());
    }

    /** Restores optimizer moments, step and history from a checkpoint written by {@link #saveCheckpoint}. */
    public void resumeFrom(Checkpoints.Resumed r) {
        opt.load(r.optimizer(), r.state().step());
        step = (int) r.state().step();
        history.clear();
        history.addAll(r.state().lossHistory());
        corpus = PretrainingCorpus.fromExtras(r.state().extra(), "trainer state of " + checkpointDir).orElse(null);
    }

    /** Records, in every checkpoint this run saves, the generated corpus its model was pretrained on (null: none). */
    public void recordPretrainingCorpus(PretrainingCorpus c) { corpus = c; }

    public Optional<PretrainingCorpus> pretrainingCorpus() { return Optional.ofNullable(corpus); }

    public Gpt model() { return model; }
    public int step() { return step; }

    public Result run(Listener listener) throws IOException {
        GptConfig mc = model.config();
        // Training sequences may be shorter than the model's context (e.g. fine-tuning GPT-2).
        int b = cfg.batchSize, t = Math.min(cfg.blockSize, mc.blockSize()), accum = cfg.gradAccum;
        BatchSampler train = new BatchSampler(shards.train(), b, t, cfg.seed);
        LrSchedule schedule = cfg.schedule();
        long tokensPerStep = (long) b * t * accum;
        long start = System.nanoTime(), stepsRun = 0;
        double recent = Double.NaN, stepSeconds = Double.NaN, lastVal = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).valLoss();
        while (step < cfg.maxIters) {
            long s0 = System.nanoTime();
            float lr = schedule.at(step);
            opt.zeroGrad();
            float lossSum = 0;
            for (int micro = 0; micro < accum; micro++) {
                long index = (long) step * accum + micro;
                Batch batch = train.batchAt(index);
                Tensor loss = model.loss(batch.x(), batch.y(), b, t, new Gpt.Pass(true, cfg.seed * 31 + index, cfg.activationCheckpointing));
                loss.backward(new float[]{1f / accum});
                lossSum += loss.item();
            }
            if (cfg.gradClip > 0) opt.clipGradNorm(cfg.gradClip);
            opt.update(lr);
            step++;
            stepsRun++;
            float loss = lossSum / accum;
            if (!Float.isFinite(loss)) throw new IllegalStateException("loss became " + loss + " at step " + step + "; lower the learning rate");
            recent = Double.isNaN(recent) ? loss : 0.9 * recent + 0.1 * loss;
            // Smoothed over recent steps: one step's rate jumps with GC pauses and thread wake-ups.
            double dt = (System.nanoTime() - s0) / 1e9;
            stepSeconds = Double.isNaN(stepSeconds) ? dt : 0.9 * stepSeconds + 0.1 * dt;
            double tps = tokensPerStep / stepSeconds;
            if (listener != null) listener.onStep(step, cfg.maxIters, loss, lr, tps);
            boolean last = step == cfg.maxIters;
            if (step % cfg.evalInterval == 0 || last) {
                lastVal = evaluate(shards.val() == null ? null : new BatchSampler(shards.val(), b, t, cfg.seed + 1));
                double trainEst = evaluate(new BatchSampler(shards.train(), b, t, cfg.seed + 2));
                history.add(new TrainerState.LossPoint(step, trainEst, lastVal));
                if (listener != null) listener.onEval(step, trainEst, lastVal);
                plot();
            }
            if (step % cfg.checkpointInterval == 0 || last) {
                saveCheckpoint();
                if (listener != null) listener.onCheckpoint(step, checkpointDir);
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double trainLoss = history.isEmpty() ? recent : history.get(history.size() - 1).trainLoss();
        return new Result(step, trainLoss, lastVal, secs, stepsRun == 0 ? 0 : stepsRun * tokensPerStep / secs, List.copyOf(history));
    }

    /** Mean loss over eval_iters fixed batches (the same batches every time, so evaluations compare). */
    private double evaluate(BatchSampler sampler) {
        if (sampler == null) return Double.NaN;
        double sum = 0;
        try (var g = GradMode.off()) {
            for (int i = 0; i < cfg.evalIters; i++) {
                Batch batch = sampler.batchAt(i);
                sum += model.loss(batch.x(), batch.y(), sampler.batchSize(), sampler.blockSize(), Gpt.Pass.EVAL).item();
            }
        }
        return sum / cfg.evalIters;
    }

    public void saveCheckpoint() throws IOException {
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("train_config", dev.jgpt.util.Json.MAPPER.convertValue(cfg, Map.class));
        extras.put(KERNELS, Kernels.describe());
        if (corpus != null) extras.put(PretrainingCorpus.KEY, corpus.toMap());
        Checkpoints.save(checkpointDir, model, tokenizer, opt, new TrainerState(step, Map.of("seed", cfg.seed),
                List.copyOf(history), extras));
    }

    private void plot() throws IOException {
        if (plotFile == null || history.isEmpty()) return;
        List<double[]> tr = new ArrayList<>(), va = new ArrayList<>();
        for (TrainerState.LossPoint p : history) {
            tr.add(new double[]{p.step(), p.trainLoss()});
            if (!Double.isNaN(p.valLoss())) va.add(new double[]{p.step(), p.valLoss()});
        }
        Plots.lossCurve(plotFile, tr, va, "jgpt training loss");
    }
}
