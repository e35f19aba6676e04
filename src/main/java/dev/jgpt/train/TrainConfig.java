package dev.jgpt.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import dev.jgpt.model.GptConfig;
import dev.jgpt.util.Json;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything a training run needs besides the data: model shape, tokenizer choice,
 * optimisation and logging settings. Loaded from presets or a JSON file (snake_case keys,
 * nanoGPT's names); unknown keys are rejected so a typo does not silently do nothing.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class TrainConfig {
    // model
    @JsonProperty("n_layer") public int nLayer = 4;
    @JsonProperty("n_head") public int nHead = 4;
    @JsonProperty("n_embd") public int nEmbd = 128;
    @JsonProperty("block_size") public int blockSize = 64;
    @JsonProperty("dropout") public float dropout = 0f;
    @JsonProperty("bias") public boolean bias = true;
    /**
     * "char", "bpe:N" (train a byte-level BPE of N tokens on the corpus), "bpe-digits:N" (the
     * same, but numbers stay one token per digit) or "gpt2:DIR".
     */
    @JsonProperty("tokenizer") public String tokenizer = "char";
    // optimisation
    @JsonProperty("batch_size") public int batchSize = 12;
    @JsonProperty("gradient_accumulation_steps") public int gradAccum = 1;
    @JsonProperty("max_iters") public int maxIters = 2000;
    @JsonProperty("learning_rate") public float learningRate = 1e-3f;
    @JsonProperty("min_lr") public float minLr = 1e-4f;
    @JsonProperty("warmup_iters") public int warmupIters = 100;
    @JsonProperty("lr_decay_iters") public int lrDecayIters = 2000;
    @JsonProperty("weight_decay") public float weightDecay = 0.1f;
    @JsonProperty("beta1") public float beta1 = 0.9f;
    @JsonProperty("beta2") public float beta2 = 0.99f;
    @JsonProperty("grad_clip") public float gradClip = 1f;
    /** Keep only each block's input and recompute the block in the backward pass: less memory, about a third more compute. */
    @JsonProperty("activation_checkpointing") public boolean activationCheckpointing = false;
    // logging and evaluation
    @JsonProperty("eval_interval") public int evalInterval = 250;
    @JsonProperty("eval_iters") public int evalIters = 20;
    @JsonProperty("checkpoint_interval") public int checkpointInterval = 250;
    @JsonProperty("seed") public long seed = 1337;
    @JsonProperty("val_fraction") public double valFraction = 0.1;

    public GptConfig model(int vocabSize) {
        return new GptConfig(nLayer, nHead, nEmbd, blockSize, vocabSize, dropout, bias);
    }

    public LrSchedule schedule() { return new LrSchedule(learningRate, minLr, warmupIters, lrDecayIters); }

    public AdamW.Hyper hyper() { return new AdamW.Hyper(beta1, beta2, 1e-8f, weightDecay); }

    /** Checks ranges; throws a UserException naming the first bad setting. */
    public TrainConfig validate() {
        check(nLayer > 0, "n_layer must be > 0");
        check(nHead > 0 && nEmbd > 0 && nEmbd % nHead == 0, "n_embd (" + nEmbd + ") must be a positive multiple of n_head (" + nHead + ")");
        check(blockSize > 0, "block_size must be > 0");
        check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        check(batchSize > 0, "batch_size must be > 0");
        check(gradAccum > 0, "gradient_accumulation_steps must be > 0");
        check(maxIters >= 0, "max_iters must be >= 0");
        check(learningRate > 0 && minLr >= 0 && minLr <= learningRate, "need 0 <= min_lr <= learning_rate and learning_rate > 0");
        check(warmupIters >= 0, "warmup_iters must be >= 0");
        check(evalInterval > 0 && evalIters > 0, "eval_interval and eval_iters must be > 0");
        check(checkpointInterval > 0, "checkpoint_interval must be > 0");
        check(valFraction > 0 && valFraction < 1, "val_fraction must be in (0, 1)");
        check(tokenizer.equals("char") || tokenizer.matches("bpe(-digits)?:\\d+") || tokenizer.startsWith("gpt2:"),
                "tokenizer must be char, bpe:N, bpe-digits:N or gpt2:DIR, got '" + tokenizer + "'");
        return this;
    }

    private static void check(boolean ok, String msg) { if (!ok) throw new UserException("invalid config: " + msg); }

    /**
     * Applies a JSON file of settings (nanoGPT names) over this config and returns it; a null
     * file changes nothing. A missing or malformed file is a one-line error.
     */
    public TrainConfig overriddenBy(Path file) throws IOException {
        if (file == null) return this;
        if (!Files.exists(file)) throw new UserException("config file not found: " + file);
        try {
            return Json.MAPPER.readerForUpdating(this).readValue(file.toFile());
        } catch (JacksonException e) {
            throw new UserException("invalid config " + file + ": " + e.getOriginalMessage());
        }
    }

    public TrainConfig copy() {
        return Json.MAPPER.convertValue(this, TrainConfig.class);
    }
}
