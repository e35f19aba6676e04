package dev.jgpt.cli;

import dev.jgpt.tensor.Kernels;
import dev.jgpt.train.Presets;
import dev.jgpt.train.RunSetup;
import dev.jgpt.train.TrainConfig;
import dev.jgpt.train.Trainer;
import dev.jgpt.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Pretrain (or fine-tune) a GPT-2 style model.",
                "Writes OUT/data (token shards), OUT/checkpoint (Hugging Face GPT-2 layout + optimizer state) and OUT/loss.png.",
                "A killed run continues with --resume and draws the same loss curve."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--preset", description = "Named settings: ${COMPLETION-CANDIDATES} (default: tiny).", completionCandidates = PresetNames.class)
    String preset = "tiny";
    @Option(names = "--config", description = "JSON file of settings (nanoGPT names, e.g. {\"n_layer\": 4}); applied over the preset.")
    Path config;
    @Option(names = "--data", description = "Training text: a UTF-8 file, a folder of .txt files, or 'default' (the embedded synthetic corpus).")
    String data = RunSetup.DEFAULT_DATA;
    @Option(names = "--default-chars", description = "Size of the generated default corpus in characters (default: ${DEFAULT-VALUE}).")
    int defaultChars = 2_000_000;
    @Option(names = "--mix", description = "Generators of the default corpus and their weights, e.g. facts=1,arithmetic=1,dialogue=1,code=3 (default: facts=3,arithmetic=3,dialogue=4).")
    String mix;
    @Option(names = "--out", description = "Run folder (default: runs/PRESET).")
    Path out;
    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;
    @Option(names = "--init-from", description = "Start from this model directory (fine-tuning); its tokenizer, shape and dropout are kept; the preset or --config sets the training (block_size may only shrink).")
    Path initFrom;
    @Option(names = "--max-iters") Integer maxIters;
    @Option(names = "--batch-size") Integer batchSize;
    @Option(names = "--lr", description = "Peak learning rate.") Float lr;
    @Option(names = "--eval-interval") Integer evalInterval;
    @Option(names = "--seed") Long seed;
    @Option(names = "--checkpoint-activations", description = "Recompute each block in the backward pass: less memory, about a third more compute.")
    boolean checkpointActivations;
    @Option(names = "--json", description = "Print one JSON object with the results as the last line.")
    boolean json;
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    static final class PresetNames implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return Presets.names().iterator(); }
    }

    @Override
    public Integer call() throws Exception {
        TrainConfig cfg = Presets.get(preset).overriddenBy(config);
        if (maxIters != null) { cfg.maxIters = maxIters; cfg.lrDecayIters = maxIters; }
        if (batchSize != null) cfg.batchSize = batchSize;
        if (lr != null) { cfg.learningRate = lr; cfg.minLr = Math.min(cfg.minLr, lr / 10); }
        if (evalInterval != null) cfg.evalInterval = evalInterval;
        if (seed != null) cfg.seed = seed;
        if (checkpointActivations) cfg.activationCheckpointing = true;
        cfg.validate();
        Path dir = out != null ? out : Path.of("runs", preset);
        Trainer trainer = resume ? RunSetup.resume(cfg, dir) : RunSetup.fresh(cfg, data, dir, initFrom, defaultChars,
                mix == null ? null : dev.jgpt.data.synth.CorpusMix.parse(mix));
        System.err.printf("model: %,d parameters, %s; run folder %s%n", trainer.model().parameterCount(), trainer.model().config(), dir);
        Trainer.Result r;
        try (TrainProgress progress = new TrainProgress(cfg.maxIters, trainer.step(), quiet)) {
            r = trainer.run(progress);
        }
        System.out.printf("step %d: train loss %.4f, val loss %.4f, %.1f s, %.0f tokens/s%n", r.steps(), r.trainLoss(), r.valLoss(), r.seconds(), r.tokensPerSecond());
        System.out.println("checkpoint: " + dir.resolve("checkpoint") + "  loss curve: " + dir.resolve("loss.png"));
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("steps", r.steps());
            o.put("train_loss", r.trainLoss());
            o.put("val_loss", r.valLoss());
            o.put("seconds", r.seconds());
            o.put("tokens_per_second", r.tokensPerSecond());
            o.put("parameters", trainer.model().parameterCount());
            o.put("checkpoint", dir.resolve("checkpoint").toString());
            o.put("kernels", Kernels.describe());
            System.out.println(Json.line(o));
        }
        return 0;
    }
}
