package dev.jgpt.reason;

import dev.jgpt.data.synth.Corpus;
import dev.jgpt.generate.TextGenerator;
import dev.jgpt.model.ModelDir;
import dev.jgpt.train.Checkpoints;
import dev.jgpt.train.RunSetup;
import dev.jgpt.train.TrainConfig;
import dev.jgpt.train.Trainer;
import dev.jgpt.util.AtomicFiles;
import dev.jgpt.util.Json;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * One LMSI round in a folder: harvest self-consistent paths of unlabeled questions with the
 * current model ({@code OUT/lmsi-data.txt}, {@code OUT/harvest.json}), then fine-tune the model
 * on them ({@code OUT/checkpoint}). Each half is skipped when its output is already there, and
 * a killed fine-tune resumes, so rerunning a round continues it.
 */
public final class LmsiRound {
    public static final String DATA_FILE = "lmsi-data.txt", HARVEST_FILE = "harvest.json", FINE_TUNE_FILE = "fine-tune-data.txt";

    /**
     * Fine-tuning settings.
     *
     * @param iters        steps; 0 = about {@code epochs} passes over the harvested tokens
     * @param epochs       passes over the harvested data when {@code iters} is 0
     * @param learningRate peak learning rate (warm-up, then cosine to a tenth)
     * @param batchSize    rows of a step
     * @param rehearsal    share of the fine-tuning documents replayed from the pretraining corpus
     *                     ({@link Rehearsal}); 0 = the harvest alone, as in the paper
     * @param replay       the pretraining stream the rehearsal documents come from (world seed
     *                     and corpus mix), so what is replayed is text the model was trained on
     * @param control      fine-tune on replayed pretraining text only, as much as the harvest
     *                     plus its rehearsal would be ({@link Rehearsal#control}): the baseline
     *                     a round is compared with
     */
    public record FineTune(int iters, double epochs, float learningRate, int batchSize, double rehearsal, Rehearsal.Replay replay,
                           boolean control) {
        public FineTune {
            if (!(rehearsal >= 0 && rehearsal < 1)) throw new UserException("rehearsal share must be in [0, 1), got " + rehearsal);
            Objects.requireNonNull(replay, "replay");
        }

        /** The same fine-tuning on replayed text only. */
        public FineTune asControl() { return new FineTune(iters, epochs, learningRate, batchSize, rehearsal, replay, true); }
    }

    private LmsiRound() {}

    /**
     * Harvests (unless done; paths prompted with the exemplar sets in turn, see {@link Lmsi#harvest})
     * and returns the harvest's statistics, as saved in {@code OUT/harvest.json}.
     */
    public static Map<String, Object> harvest(Path model, Path out, List<String> questions, List<List<MathProblem>> exemplarSets,
                                              Lmsi.Settings settings, TextGenerator.Tool tool, IntConsumer progress) throws IOException {
        Path stats = out.resolve(HARVEST_FILE);
        if (Files.exists(stats) && Files.exists(out.resolve(DATA_FILE))) return Json.read(stats);
        TextGenerator gen = TextGenerator.open(model);
        Lmsi.Harvest h = Lmsi.harvest(gen, questions, exemplarSets, settings, tool, progress);
        if (h.documents().isEmpty())
            throw new EmptyHarvestException("LMSI harvested nothing: " + (h.confident() > 0
                    ? h.confident() + " questions had a majority, but none of their paths ended in a '#### N' line"
                    : "no question had a single majority answer with a vote share of at least " + settings.threshold()
                            + " (mean share " + String.format("%.2f", h.meanShare()) + "; a tie or paths without an answer keep nothing)")
                    + "; lower --threshold or train the model longer");
        Files.createDirectories(out);
        // Documents are separated by the end-of-text token, as in pretraining.
        AtomicFiles.writeString(out.resolve(DATA_FILE), String.join(Corpus.END_OF_TEXT, h.documents()) + Corpus.END_OF_TEXT);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("questions", h.questions());
        m.put("confident_questions", h.confident());
        m.put("paths_kept", h.pathsKept());
        m.put("documents", h.documents().size());
        m.put("mean_vote_share", h.meanShare());
        m.put("threshold", settings.threshold());
        m.put("paths_per_question", settings.sampling().paths());
        m.put("exemplar_sets", exemplarSets.size());
        m.put("calculator", tool != null);
        m.put("seconds", h.seconds());
        AtomicFiles.writeString(stats, Json.pretty(m));
        return m;
    }

    /** Copies a finished harvest into another round folder (a control of the same round reuses it). */
    public static void copyHarvest(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : List.of(DATA_FILE, HARVEST_FILE))
            if (!Files.exists(to.resolve(f))) AtomicFiles.write(to.resolve(f), o -> Files.copy(from.resolve(f), o));
    }

    /** Fine-tunes {@code model} on the harvest in {@code out} into {@code out/checkpoint} (resuming a killed run). */
    public static Trainer.Result fineTune(Path model, Path out, FineTune ft, Trainer.Listener listener) throws IOException {
        Path ckpt = out.resolve("checkpoint");
        TrainConfig cfg = new TrainConfig();
        cfg.batchSize = ft.batchSize();
        cfg.learningRate = ft.learningRate();
        cfg.minLr = ft.learningRate() / 10;
        cfg.warmupIters = 20;
        cfg.dropout = 0f;
        cfg.valFraction = 0.05;
        cfg.evalIters = 5;
        if (Checkpoints.isResumable(ckpt)) {
            cfg.maxIters = savedMaxIters(ckpt);
            return RunSetup.resume(cfg, out).run(listener);
        }
        ModelDir.Loaded base = ModelDir.load(model);
        cfg.blockSize = base.model().config().blockSize();
        Path data = out.resolve(DATA_FILE);
        String text = Files.readString(data);
        if (ft.rehearsal() > 0 || ft.control()) {
            text = ft.control() ? Rehearsal.control(text, ft.rehearsal(), ft.replay()) : Rehearsal.mix(text, ft.rehearsal(), ft.replay());
            data = out.resolve(FINE_TUNE_FILE);
            AtomicFiles.writeString(data, text);
        }
        long tokens = base.tokenizer().encode(text).length;
        // The validation split must hold at least one row; a small harvest gives it a larger share.
        if (tokens < 4L * (cfg.blockSize + 1))
            throw new UserException("LMSI harvest of " + tokens + " tokens is too small to fine-tune a model with context "
                    + cfg.blockSize + "; use more questions or a lower --threshold");
        cfg.valFraction = Math.max(cfg.valFraction, 1.5 * (cfg.blockSize + 1) / tokens);
        int iters = ft.iters();
        if (iters <= 0) iters = (int) Math.max(20, Math.ceil(ft.epochs() * tokens / ((double) cfg.batchSize * cfg.blockSize)));
        cfg.maxIters = iters;
        cfg.lrDecayIters = iters;
        cfg.evalInterval = Math.max(1, iters / 2);
        cfg.checkpointInterval = Math.max(1, iters / 4);
        cfg.validate();
        Trainer t = RunSetup.freshFrom(cfg, data.toString(), out, base, 0, null);
        return t.run(listener);
    }

    @SuppressWarnings("unchecked")
    private static int savedMaxIters(Path ckpt) {
        Map<String, Object> state = Json.read(ckpt.resolve("trainer_state.json"));
        Map<String, Object> extra = (Map<String, Object>) state.getOrDefault("extra", Map.of());
        Map<String, Object> cfg = (Map<String, Object>) extra.getOrDefault("train_config", Map.of());
        Object it = cfg.get("max_iters");
        if (!(it instanceof Number n)) throw new UserException(ckpt + ": no max_iters in trainer_state.json to resume with");
        return n.intValue();
    }
}
