package dev.jgpt.model.io;

import dev.jgpt.model.GptConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Tiny configs and deterministic random parameters for checkpoint tests. */
final class TestModels {
    private TestModels() {}

    static GptConfig tiny(boolean bias) { return new GptConfig(2, 2, 8, 16, 11, 0.0f, bias); }

    static LinkedHashMap<String, TensorData> randomParams(GptConfig cfg, long seed) {
        Random rnd = new Random(seed);
        LinkedHashMap<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : Gpt2Layout.expectedShapes(cfg).entrySet()) {
            TensorData t = TensorData.zeros(e.getValue());
            for (int i = 0; i < t.data().length; i++) t.data()[i] = (float) rnd.nextGaussian();
            out.put(e.getKey(), t);
        }
        return out;
    }
}
