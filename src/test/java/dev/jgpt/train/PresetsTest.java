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
    void shakespeareCharKeepsNanoGptsCpuSettingsAndDiffersOnlyInTheOptimizersMomentaAndClipping() {
        TrainConfig ours = Presets.get("shakespeare-char"), nano = Presets.get("shakespeare-char-nanogpt");
        // nanoGPT's README command for the CPU: 4 layers, 4 heads, 128 wide, context 64, batch 12,
        // 2,000 iterations decayed over 2,000, no dropout; its config file: lr 1e-3 to 1e-4, warm-up 100,
        // beta2 0.99, characters as tokens; its train.py: beta1 0.9, clipping at 1, weight decay 0.1.
        assertEquals(4, nano.nLayer);
        assertEquals(4, nano.nHead);
        assertEquals(128, nano.nEmbd);
        assertEquals(64, nano.blockSize);
        assertEquals(12, nano.batchSize);
        assertEquals(2000, nano.maxIters);
        assertEquals(2000, nano.lrDecayIters);
        assertEquals(0f, nano.dropout);
        assertEquals(1e-3f, nano.learningRate);
        assertEquals(1e-4f, nano.minLr);
        assertEquals(100, nano.warmupIters);
        assertEquals(0.9f, nano.beta1);
        assertEquals(0.99f, nano.beta2);
        assertEquals(1f, nano.gradClip);
        assertEquals(0.1f, nano.weightDecay);
        assertEquals(20, nano.evalIters);
        assertEquals("char", nano.tokenizer);

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
