package dev.jgpt.model;

import dev.jgpt.model.io.CheckpointFiles;
import dev.jgpt.model.io.LoadedModel;
import dev.jgpt.model.io.TensorData;
import dev.jgpt.tensor.Tensor;
import dev.jgpt.tokenizer.Tokenizer;
import dev.jgpt.tokenizer.Tokenizers;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model directory: Hugging Face GPT-2 layout ({@code config.json}, {@code model.safetensors})
 * plus the tokenizer's files. Works for jgpt's own checkpoints and for downloaded GPT-2
 * directories alike; a training run's output folder (with a {@code checkpoint/} inside)
 * is accepted too.
 */
public final class ModelDir {
    public record Loaded(Gpt model, Tokenizer tokenizer, Path dir) {}

    private ModelDir() {}

    /** The directory that holds config.json: {@code dir} itself or {@code dir/checkpoint}. */
    public static Path resolve(Path dir) {
        if (!Files.exists(dir)) throw new UserException("no model at " + dir + ": the directory does not exist");
        if (Files.exists(dir.resolve(CheckpointFiles.CONFIG_FILE))) return dir;
        Path inner = dir.resolve("checkpoint");
        if (Files.exists(inner.resolve(CheckpointFiles.CONFIG_FILE))) return inner;
        throw new UserException("no model at " + dir + ": missing " + CheckpointFiles.CONFIG_FILE);
    }

    public static Loaded load(Path dir) throws IOException {
        Path d = resolve(dir);
        LoadedModel lm = CheckpointFiles.loadModel(d);
        Map<String, float[]> arrays = new LinkedHashMap<>();
        lm.params().forEach((k, v) -> arrays.put(k, v.data()));
        Gpt model = Gpt.fromArrays(lm.config(), arrays);
        Tokenizer tok = Tokenizers.load(d);
        if (tok.vocabSize() > lm.config().vocabSize())
            throw new UserException(d + ": tokenizer has " + tok.vocabSize() + " tokens but the model's vocab_size is " + lm.config().vocabSize());
        return new Loaded(model, tok, d);
    }

    /** The model's parameters as named arrays (shared, not copied). */
    public static LinkedHashMap<String, TensorData> tensors(Gpt model) {
        LinkedHashMap<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.parameters().entrySet())
            out.put(e.getKey(), new TensorData(e.getValue().shape.clone(), e.getValue().data));
        return out;
    }
}
