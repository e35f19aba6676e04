package dev.jgpt.train;

import dev.jgpt.util.UserException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Named training configurations. */
public final class Presets {
    private static final Map<String, Supplier<TrainConfig>> PRESETS = new LinkedHashMap<>();

    static {
        // nanoGPT's config/train_shakespeare_char.py with its README's CPU overrides (model, data,
        // batch, iterations, learning-rate schedule), except for three optimizer settings: momentum
        // 0.8 instead of 0.9, beta2 0.999 instead of 0.99, and no gradient clipping. With batches of
        // 768 characters they lower the validation loss after 2,000 iterations from 1.897 to 1.865
        // (whole split, mean of six seeds; docs/BENCHMARKS.md).
        PRESETS.put("shakespeare-char", () -> {
            TrainConfig c = nanoGptShakespeareChar();
            c.beta1 = 0.8f; c.beta2 = 0.999f; c.gradClip = 0f;
            return c;
        });
        // nanoGPT's recipe unchanged, to compare with nanoGPT and with PyTorch (tools/torch_shakespeare_char.py).
        PRESETS.put("shakespeare-char-nanogpt", Presets::nanoGptShakespeareChar);
        // The embedded default corpus: a tiny model that learns the synthetic world in minutes on 2 cores.
        PRESETS.put("tiny", () -> {
            TrainConfig c = new TrainConfig();
            c.nLayer = 4; c.nHead = 4; c.nEmbd = 128; c.blockSize = 128; c.dropout = 0f;
            c.batchSize = 16; c.maxIters = 1000; c.lrDecayIters = 1000; c.learningRate = 2e-3f; c.minLr = 2e-4f;
            c.warmupIters = 50; c.evalInterval = 200; c.evalIters = 10; c.checkpointInterval = 200; c.tokenizer = "bpe:512";
            return c;
        });
        // The code stage: Java tasks of about 60-120 tokens, so context 256 holds two or three per row.
        PRESETS.put("code", () -> {
            TrainConfig c = new TrainConfig();
            c.nLayer = 4; c.nHead = 4; c.nEmbd = 128; c.blockSize = 256; c.dropout = 0f;
            c.batchSize = 8; c.maxIters = 600; c.lrDecayIters = 600; c.learningRate = 2e-3f; c.minLr = 2e-4f;
            c.warmupIters = 50; c.evalInterval = 200; c.evalIters = 10; c.checkpointInterval = 200; c.tokenizer = "bpe:768";
            return c;
        });
        // The reasoning stage: word problems in four prompt formats; context 320 holds a two-shot
        // chain-of-thought prompt (about 200 tokens) and its answer; numbers are read digit by digit.
        PRESETS.put("reason", () -> {
            TrainConfig c = new TrainConfig();
            c.nLayer = 4; c.nHead = 4; c.nEmbd = 192; c.blockSize = 320; c.dropout = 0f;
            c.batchSize = 12; c.maxIters = 2400; c.lrDecayIters = 2400; c.learningRate = 2e-3f; c.minLr = 2e-4f;
            c.warmupIters = 50; c.evalInterval = 200; c.evalIters = 10; c.checkpointInterval = 200; c.tokenizer = "bpe-digits:768";
            return c;
        });
        // The benchmark model: 6 layers, 6 heads, 384 wide, context 256, vocab 4096 (12.3M parameters).
        PRESETS.put("bench", () -> {
            TrainConfig c = new TrainConfig();
            c.nLayer = 6; c.nHead = 6; c.nEmbd = 384; c.blockSize = 256; c.dropout = 0f;
            c.batchSize = 8; c.maxIters = 5000; c.lrDecayIters = 5000; c.learningRate = 6e-4f; c.minLr = 6e-5f;
            c.beta2 = 0.95f; c.warmupIters = 200; c.tokenizer = "bpe:4096";
            return c;
        });
    }

    private Presets() {}

    private static TrainConfig nanoGptShakespeareChar() {
        TrainConfig c = new TrainConfig();
        c.nLayer = 4; c.nHead = 4; c.nEmbd = 128; c.blockSize = 64; c.dropout = 0f;
        c.batchSize = 12; c.maxIters = 2000; c.lrDecayIters = 2000; c.learningRate = 1e-3f; c.minLr = 1e-4f;
        c.beta1 = 0.9f; c.beta2 = 0.99f; c.gradClip = 1f; c.weightDecay = 0.1f;
        c.warmupIters = 100; c.evalInterval = 250; c.evalIters = 20; c.tokenizer = "char";
        return c;
    }

    public static TrainConfig get(String name) {
        Supplier<TrainConfig> s = PRESETS.get(name);
        if (s == null) throw new UserException("unknown preset '" + name + "' (available: " + String.join(", ", PRESETS.keySet()) + ")");
        return s.get();
    }

    public static Iterable<String> names() { return PRESETS.keySet(); }
}
