package dev.jgpt.data.synth;

import java.util.Map;

/**
 * One generated document: its text and the ground truth it was rendered from, so tests and
 * later stages (reasoning, evaluation) can check a model's output against the truth instead of
 * re-parsing text. Keys of {@code truth} are documented by each generator.
 */
public record Document(String source, String text, Map<String, Object> truth) {
    public Document {
        truth = Map.copyOf(truth);
    }

    /** Typed access to one ground-truth entry; fails loudly on a missing key or a wrong type. */
    public <T> T truth(String key, Class<T> type) {
        Object v = truth.get(key);
        if (v == null) throw new IllegalArgumentException("no ground truth '" + key + "' in " + source + " document");
        return type.cast(v);
    }
}
