package dev.jgpt.train;

import dev.jgpt.model.Gpt;
import dev.jgpt.model.ModelDir;
import dev.jgpt.model.io.CheckpointFiles;
import dev.jgpt.model.io.DirectorySwap;
import dev.jgpt.model.io.OptimizerState;
import dev.jgpt.model.io.TensorData;
import dev.jgpt.model.io.TrainerState;
import dev.jgpt.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training checkpoints: the model directory plus AdamW moments and the trainer state, all
 * swapped in together so a kill at any moment leaves either the old or the new checkpoint.
 */
public final class Checkpoints {
    public record Resumed(ModelDir.Loaded loaded, Map<String, float[]> optimizer, TrainerState state) {}

    private Checkpoints() {}

    public static void save(Path dir, Gpt model, Tokenizer tok, AdamW opt, TrainerState state) throws IOException {
        LinkedHashMap<String, TensorData> params = ModelDir.tensors(model);
        LinkedHashMap<String, TensorData> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
        Map<String, float[]> st = opt.state();
        for (String name : params.keySet()) {
            int[] shape = params.get(name).shape();
            m.put(name, new TensorData(shape, st.get("exp_avg." + name)));
            v.put(name, new TensorData(shape, st.get("exp_avg_sq." + name)));
        }
        OptimizerState os = new OptimizerState(m, v, Map.of("step", Long.toString(opt.step())));
        DirectorySwap.replace(dir, CheckpointFiles.MANAGED_FILES, CheckpointFiles.CONFIG_FILE, staging -> {
            CheckpointFiles.writeModelFiles(staging, model.config(), tok.eotId(), params, Map.of("producer", "jgpt"));
            CheckpointFiles.saveOptimizer(staging, os);
            CheckpointFiles.saveTrainerState(staging, state);
            tok.save(staging);
        });
    }

    public static boolean isResumable(Path dir) {
        return CheckpointFiles.isResumable(dir);
    }

    public static Resumed load(Path dir) throws IOException {
        ModelDir.Loaded loaded = ModelDir.load(dir);
        OptimizerState os = CheckpointFiles.loadOptimizer(loaded.dir());
        TrainerState state = CheckpointFiles.loadTrainerState(loaded.dir());
        Map<String, float[]> flat = new LinkedHashMap<>();
        os.expAvg().forEach((k, t) -> flat.put("exp_avg." + k, t.data()));
        os.expAvgSq().forEach((k, t) -> flat.put("exp_avg_sq." + k, t.data()));
        return new Resumed(loaded, flat, state);
    }
}
