package dev.jgpt.model.io;

import dev.jgpt.model.GptConfig;
import dev.jgpt.util.AtomicFiles;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint directory, laid out like a Hugging Face model folder so either side can read
 * the other's:
 * <pre>
 *   config.json             HF GPT-2 config (+ "jgpt" extras)        {@link HfGpt2Config}
 *   model.safetensors       parameters, GPT-2 names, F32             {@link Gpt2Layout}
 *   optimizer.safetensors   AdamW moments (training checkpoints)     {@link OptimizerState}
 *   trainer_state.json      step, seeds, loss history                {@link TrainerState}
 *   (tokenizer files)       written by the tokenizer; carried over on save
 * </pre>
 * {@link #saveModel} and {@link #saveCheckpoint} replace the whole directory through
 * {@link DirectorySwap}, so config, weights and optimizer state always belong together even
 * if the process dies mid-save. The single-file {@code save*} methods write one file
 * atomically into an existing directory (or into the staging directory of a
 * {@link DirectorySwap#replace} the caller runs to add its own files).
 */
public final class CheckpointFiles {
    private CheckpointFiles() {}

    public static final String CONFIG_FILE = HfGpt2Config.FILE_NAME;
    public static final String MODEL_FILE = "model.safetensors";
    public static final String OPTIMIZER_FILE = OptimizerState.FILE_NAME;
    public static final String TRAINER_STATE_FILE = TrainerState.FILE_NAME;
    /** Files a save owns: they are never carried over from the previous checkpoint, which would mix versions. */
    public static final Set<String> MANAGED_FILES = Set.of(CONFIG_FILE, MODEL_FILE, OPTIMIZER_FILE, TRAINER_STATE_FILE);

    /** Saves a model-only checkpoint (any older optimizer state in {@code dir} is dropped with the old weights). */
    public static void saveModel(Path dir, GptConfig cfg, int eotId, Map<String, TensorData> params,
                                 Map<String, String> metadata) throws IOException {
        saveCheckpoint(dir, cfg, eotId, params, metadata, null, null);
    }

    /** Saves model, and optionally optimizer and trainer state (null to omit), as one unit. */
    public static void saveCheckpoint(Path dir, GptConfig cfg, int eotId, Map<String, TensorData> params,
                                      Map<String, String> metadata, OptimizerState optimizer, TrainerState state)
            throws IOException {
        // Check before touching the disk: a mismatched save is a bug in the caller, better caught here than on load.
        Gpt2Layout.validate(cfg, params, "parameters to save");
        if (optimizer != null) optimizer.checkMatches(params, "optimizer state to save");
        DirectorySwap.replace(dir, MANAGED_FILES, CONFIG_FILE, staging -> {
            writeModelFiles(staging, cfg, eotId, params, metadata);
            if (optimizer != null) saveOptimizer(staging, optimizer);
            if (state != null) saveTrainerState(staging, state);
        });
    }

    /** Writes config.json and model.safetensors into {@code dir} without the directory swap. */
    public static void writeModelFiles(Path dir, GptConfig cfg, int eotId, Map<String, TensorData> params,
                                       Map<String, String> metadata) throws IOException {
        Safetensors.write(dir.resolve(MODEL_FILE), params, metadata);
        HfGpt2Config.of(cfg, eotId).write(dir.resolve(CONFIG_FILE));
    }

    /**
     * Loads config.json and model.safetensors; names are normalized (Hub files load too) and
     * validated against the config.
     */
    public static LoadedModel loadModel(Path dir) throws IOException {
        requireCheckpoint(dir, MODEL_FILE);
        HfGpt2Config cfg = HfGpt2Config.read(dir.resolve(CONFIG_FILE));
        Path modelFile = dir.resolve(MODEL_FILE);
        Safetensors.Contents c = Safetensors.read(modelFile);
        LinkedHashMap<String, TensorData> params = Gpt2Layout.validate(cfg.model(), Gpt2Layout.normalize(c.tensors()),
                modelFile.toString());
        return new LoadedModel(cfg.model(), cfg.eosTokenId(), params, c.metadata());
    }

    public static void saveOptimizer(Path dir, OptimizerState state) throws IOException {
        Safetensors.write(dir.resolve(OPTIMIZER_FILE), state.toTensors(), state.metadata());
    }

    public static OptimizerState loadOptimizer(Path dir) throws IOException {
        requireCheckpoint(dir, OPTIMIZER_FILE);
        Path file = dir.resolve(OPTIMIZER_FILE);
        Safetensors.Contents c = Safetensors.read(file);
        return OptimizerState.fromTensors(c.tensors(), c.metadata(), file.toString());
    }

    public static void saveTrainerState(Path dir, TrainerState state) throws IOException {
        AtomicFiles.writeString(dir.resolve(TRAINER_STATE_FILE), state.toJson());
    }

    public static TrainerState loadTrainerState(Path dir) throws IOException {
        requireCheckpoint(dir, TRAINER_STATE_FILE);
        Path file = dir.resolve(TRAINER_STATE_FILE);
        return TrainerState.parse(Files.readString(file), file.toString());
    }

    /** True when {@code dir} holds what resuming training needs. */
    public static boolean isResumable(Path dir) {
        return Files.isRegularFile(dir.resolve(OPTIMIZER_FILE)) && Files.isRegularFile(dir.resolve(TRAINER_STATE_FILE));
    }

    /** Checks config.json and {@code file} exist, first finishing a save a crash interrupted. */
    private static void requireCheckpoint(Path dir, String file) throws IOException {
        if (!Files.exists(dir)) DirectorySwap.recover(dir);
        if (!Files.isDirectory(dir)) throw new UserException("no checkpoint at " + dir + ": directory does not exist");
        for (String name : new String[]{CONFIG_FILE, file})
            if (!Files.isRegularFile(dir.resolve(name)))
                throw new UserException("no checkpoint at " + dir + ": missing " + name);
    }
}
