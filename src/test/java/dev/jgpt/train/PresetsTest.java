package dev.jgpt.train;

import dev.jgpt.util.Json;
import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

class PresetsTest {
    @Test
    void shakespeareCharKeepsNanoGptsCpuSettingsAndDiffersOnlyInTheOptimizersMomentaAndClipping() throws Exception {
        TrainConfig ours = Presets.get("shakespeare-char"), nano = Presets.get("shakespeare-char-nanogpt");
        // nanoGPT's README command for the CPU (4 layers, 4 heads, 128 wide, context 64, batch 12,
        // 2,000 iterations decayed over 2,000, no dropout), its config file (lr 1e-3 to 1e-4,
        // warm-up 100, beta2 0.99, characters as tokens) and its train.py (beta1 0.9, clipping at 1,
        // weight decay 0.1), in its own names; everything else is the trainer's default.
        TrainConfig nanoGpt = Json.MAPPER.readValue("""
                {"n_layer": 4, "n_head": 4, "n_embd": 128, "block_size": 64, "batch_size": 12,
                 "max_iters": 2000, "lr_decay_iters": 2000, "dropout": 0.0,
                 "learning_rate": 1e-3, "min_lr": 1e-4, "warmup_iters": 100, "beta2": 0.99, "tokenizer": "char",
                 "beta1": 0.9, "grad_clip": 1.0, "weight_decay": 0.1, "eval_iters": 20}""", TrainConfig.class);
        assertEquals(settings(nanoGpt), settings(nano));

        Map<String, Object> a = settings(ours), b = settings(nano);
        Map<String, Float> differ = new TreeMap<>();
        for (String k : a.keySet()) if (!Objects.equals(a.get(k), b.get(k))) differ.put(k, ((Number) a.get(k)).floatValue());
        assertEquals(Map.of("beta1", 0.8f, "beta2", 0.999f, "grad_clip", 0f), differ);
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        UserException e = assertThrows(UserException.class, () -> Presets.get("shakespeare"));
        assertTrue(e.getMessage().contains("shakespeare-char-nanogpt"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> settings(TrainConfig c) {
        return Json.MAPPER.convertValue(c, Map.class);
    }
}
