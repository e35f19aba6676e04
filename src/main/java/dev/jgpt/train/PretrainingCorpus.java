package dev.jgpt.train;

import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.model.ModelDir;
import dev.jgpt.model.io.CheckpointFiles;
import dev.jgpt.model.io.TrainerState;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The generated corpus a model was pretrained on: the generators' mix, the world seed and the
 * size in characters. A run from scratch on the generated corpus records it in every checkpoint
 * (trainer state extras, under {@link #KEY}), and a fine-tune carries its base model's record
 * on, so a later stage that replays pretraining text (LMSI's rehearsal and its control) replays
 * the stream this model saw without being told. Runs on a text file record nothing.
 */
public record PretrainingCorpus(CorpusMix mix, long seed, long chars) {
    /** Key of the record in a checkpoint's trainer state extras. */
    public static final String KEY = "pretraining_corpus";

    /** As stored: {@code {"mix": "name=weight,...", "seed": N, "chars": N}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mix", mix.toString());
        m.put("seed", seed);
        m.put("chars", chars);
        return m;
    }

    /** The record in trainer state extras; empty when there is none (a file corpus, or a checkpoint from before records). */
    static Optional<PretrainingCorpus> fromExtras(Map<String, Object> extras, String source) {
        Object v = extras.get(KEY);
        if (v == null) return Optional.empty();
        if (v instanceof Map<?, ?> m && m.get("mix") instanceof String mix && m.get("seed") instanceof Number seed
                && m.get("chars") instanceof Number chars) {
            try {
                return Optional.of(new PretrainingCorpus(CorpusMix.parse(mix), seed.longValue(), chars.longValue()));
            } catch (UserException e) {
                throw new UserException(source + ": " + KEY + ": " + e.getMessage());
            }
        }
        throw new UserException(source + ": " + KEY + " must be {\"mix\": \"name=weight,...\", \"seed\": N, \"chars\": N}, got " + v);
    }

    /**
     * What the model in {@code dir} (a model directory or a run folder) records; empty when its
     * checkpoint has no trainer state (e.g. imported GPT-2 weights) or no record.
     */
    public static Optional<PretrainingCorpus> recordedIn(Path dir) throws IOException {
        Path d = ModelDir.resolve(dir);
        if (!Files.isRegularFile(d.resolve(TrainerState.FILE_NAME))) return Optional.empty();
        return fromExtras(CheckpointFiles.loadTrainerState(d).extra(), d.resolve(TrainerState.FILE_NAME).toString());
    }
}
