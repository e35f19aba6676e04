package dev.jgpt.train;

import dev.jgpt.chat.ChatTemplate;
import dev.jgpt.data.Prepare;
import dev.jgpt.data.TextLoader;
import dev.jgpt.data.TokenShards;
import dev.jgpt.data.synth.Corpus;
import dev.jgpt.model.Gpt;
import dev.jgpt.model.ModelDir;
import dev.jgpt.tensor.Kernels;
import dev.jgpt.tokenizer.BpeTokenizer;
import dev.jgpt.tokenizer.CharTokenizer;
import dev.jgpt.tokenizer.Tokenizer;
import dev.jgpt.tokenizer.Tokenizers;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Trainer} for a run folder: corpus to tokenizer to shards to model, or a
 * resumed run from the folder's checkpoint. A run folder holds {@code data/} (token shards),
 * {@code checkpoint/} (model directory + optimizer state) and {@code loss.png}.
 */
public final class RunSetup {
    public static final String DEFAULT_DATA = "default";
    public static final String EOT = "<|endoftext|>";

    private RunSetup() {}

    /** Where the training text comes from: the embedded generator, a file, or a folder of .txt files. */
    public static String loadText(String data, long seed, int defaultChars) {
        return loadText(data, seed, defaultChars, null);
    }

    /** As above, with the generated corpus drawn from {@code mix} (null: {@link dev.jgpt.data.synth.CorpusMix#DEFAULT}). */
    public static String loadText(String data, long seed, int defaultChars, dev.jgpt.data.synth.CorpusMix mix) {
        // Documents are separated by the end-of-text token, as in GPT-2's training data, so a
        // model can be sampled unconditionally (from <|endoftext|>) and knows where documents end.
        if (generated(data))
            return Corpus.generate(seed, defaultChars, mix != null ? mix : dev.jgpt.data.synth.CorpusMix.DEFAULT, EOT);
        if (mix != null) throw new UserException("--mix applies to the generated corpus only (--data default), not to " + data);
        Path p = Path.of(data);
        if (!Files.exists(p)) throw new UserException("no training data at " + p + ": file or folder does not exist");
        return TextLoader.load(p, "\n\n");
    }

    /** Whether {@code data} names the embedded generator rather than a file or folder. */
    private static boolean generated(String data) {
        return data == null || data.equals(DEFAULT_DATA);
    }

    public static Tokenizer buildTokenizer(String spec, String text) {
        if (spec.equals("char")) return CharTokenizer.fromCorpus(text, specialTokens(text));
        if (spec.startsWith("bpe:")) return BpeTokenizer.train(text, Integer.parseInt(spec.substring(4)), specialTokens(text));
        if (spec.startsWith("bpe-digits:"))
            return BpeTokenizer.train(List.of(text), Integer.parseInt(spec.substring(11)), specialTokens(text), true);
        if (spec.startsWith("gpt2:")) return Tokenizers.load(Path.of(spec.substring(5)));
        throw new UserException("unknown tokenizer '" + spec + "'");
    }

    /**
     * The end-of-text token, and the chat template's tokens when the text holds conversations
     * in its format (the default corpus's dialogues do), so each marker is one token.
     */
    static List<String> specialTokens(String text) {
        List<String> specials = new ArrayList<>(List.of(EOT));
        if (text.contains(ChatTemplate.START)) specials.addAll(ChatTemplate.SPECIAL_TOKENS);
        return specials;
    }

    /**
     * A fresh run in {@code out}. Refuses to touch a folder that already holds a checkpoint,
     * so an earlier run is never overwritten by accident (use --resume, or another --out).
     */
    public static Trainer fresh(TrainConfig cfg, String data, Path out, Path initFrom, int defaultChars) throws IOException {
        return fresh(cfg, data, out, initFrom, defaultChars, null);
    }

    /** As above, generating the default corpus from {@code mix} (null: the default mix). */
    public static Trainer fresh(TrainConfig cfg, String data, Path out, Path initFrom, int defaultChars,
                                dev.jgpt.data.synth.CorpusMix mix) throws IOException {
        refuseExistingCheckpoint(out);   // before loading a model that would not be used
        return freshFrom(cfg, data, out, initFrom == null ? null : ModelDir.load(initFrom), defaultChars, mix);
    }

    /** As above, fine-tuning a model the caller has already loaded ({@code base}; null: from scratch). */
    public static Trainer freshFrom(TrainConfig cfg, String data, Path out, ModelDir.Loaded base, int defaultChars,
                                dev.jgpt.data.synth.CorpusMix mix) throws IOException {
        refuseExistingCheckpoint(out);
        Path ckpt = out.resolve("checkpoint");
        String text = loadText(data, cfg.seed, defaultChars, mix);
        Tokenizer tok;
        Gpt model;
        if (base != null) {
            tok = base.tokenizer();
            model = base.model();
            // Fine-tuning may use shorter sequences than the base model's context, never longer.
            cfg.blockSize = Math.min(cfg.blockSize, model.config().blockSize());
            // The base model's shape and dropout are what trains, so the run's saved config
            // says so (otherwise it would carry the preset's or the defaults' shape).
            var m = model.config();
            cfg.nLayer = m.nLayer(); cfg.nHead = m.nHead(); cfg.nEmbd = m.nEmbd();
            cfg.bias = m.bias(); cfg.dropout = m.dropout();
        } else {
            tok = buildTokenizer(cfg.tokenizer, text);
            model = Gpt.init(cfg.model(tok.vocabSize()), cfg.seed);
        }
        Prepare.prepare(text, tok, out.resolve("data"), cfg.valFraction);
        TokenShards shards = TokenShards.open(out.resolve("data"));
        Trainer trainer = new Trainer(cfg, model, shards, tok, ckpt, out.resolve("loss.png"));
        // A fine-tune carries its base model's pretraining corpus on; a run from scratch on the
        // generated corpus records its own (what LMSI's rehearsal replays).
        if (base != null) PretrainingCorpus.recordedIn(base.dir()).ifPresent(trainer::recordPretrainingCorpus);
        else if (generated(data))
            trainer.recordPretrainingCorpus(new PretrainingCorpus(mix != null ? mix : dev.jgpt.data.synth.CorpusMix.DEFAULT, cfg.seed, defaultChars));
        return trainer;
    }

    private static void refuseExistingCheckpoint(Path out) {
        if (Files.exists(out.resolve("checkpoint").resolve("config.json")))
            throw new UserException(out + " already holds a checkpoint: pass --resume to continue it, or choose another --out");
    }

    /**
     * Why a resumed run will not continue its curve bit for bit: it was trained with other
     * kernels than this process has ({@link Kernels}); null when they match or were not recorded.
     */
    static String kernelsChange(Object saved) {
        Map<String, Object> now = Kernels.describe();
        if (!(saved instanceof Map<?, ?> before) || before.equals(now)) return null;
        return "was trained with kernels " + before + " and resumes with " + now
                + ": its curve will differ from an uninterrupted run's in the last bits (JGPT_KERNELS pins them; README)";
    }

    /** Continues the run saved in {@code out}; the saved training config wins over the given one except max_iters. */
    public static Trainer resume(TrainConfig requested, Path out) throws IOException {
        Path ckpt = out.resolve("checkpoint");
        if (!Checkpoints.isResumable(ckpt))
            throw new UserException("nothing to resume in " + out + ": no checkpoint with optimizer state at " + ckpt);
        Checkpoints.Resumed r = Checkpoints.load(ckpt);
        Object saved = r.state().extra().get("train_config");
        TrainConfig cfg = saved == null ? requested : dev.jgpt.util.Json.MAPPER.convertValue(saved, TrainConfig.class);
        cfg.maxIters = requested.maxIters;
        String changed = kernelsChange(r.state().extra().get(Trainer.KERNELS));
        if (changed != null) System.err.println("warning: " + out + " " + changed);
        TokenShards shards = TokenShards.open(out.resolve("data"));
        Trainer t = new Trainer(cfg, r.loaded().model(), shards, r.loaded().tokenizer(), ckpt, out.resolve("loss.png"));
        t.resumeFrom(r);
        return t;
    }
}
