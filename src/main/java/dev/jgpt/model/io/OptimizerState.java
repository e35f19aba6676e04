package dev.jgpt.model.io;

import dev.jgpt.util.UserException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW moments keyed by parameter name, stored in {@code optimizer.safetensors} as
 * {@code exp_avg.<param>} and {@code exp_avg_sq.<param>} (PyTorch's state names).
 * Scalar optimizer state (step count, betas) belongs in {@code metadata} or the trainer state.
 */
public record OptimizerState(LinkedHashMap<String, TensorData> expAvg, LinkedHashMap<String, TensorData> expAvgSq,
                             Map<String, String> metadata) {
    public static final String FILE_NAME = "optimizer.safetensors";
    static final String EXP_AVG = "exp_avg.", EXP_AVG_SQ = "exp_avg_sq.";

    public OptimizerState {
        if (!expAvg.keySet().equals(expAvgSq.keySet()))
            throw new IllegalArgumentException("exp_avg and exp_avg_sq must cover the same parameters");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Flattens to the file's tensor names. */
    Map<String, TensorData> toTensors() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        expAvg.forEach((k, v) -> out.put(EXP_AVG + k, v));
        expAvgSq.forEach((k, v) -> out.put(EXP_AVG_SQ + k, v));
        return out;
    }

    /** Splits a file's tensors back into the two moment maps, checking they pair up. */
    static OptimizerState fromTensors(Map<String, TensorData> tensors, Map<String, String> metadata, String source) {
        LinkedHashMap<String, TensorData> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
        List<String> stray = new ArrayList<>();
        tensors.forEach((name, t) -> {
            // Test the longer prefix first: "exp_avg_sq.x" also starts with "exp_avg".
            if (name.startsWith(EXP_AVG_SQ)) v.put(name.substring(EXP_AVG_SQ.length()), t);
            else if (name.startsWith(EXP_AVG)) m.put(name.substring(EXP_AVG.length()), t);
            else stray.add(name);
        });
        if (!stray.isEmpty())
            throw new UserException(source + ": unexpected tensors (not exp_avg.* or exp_avg_sq.*): " + preview(stray));
        List<String> problems = new ArrayList<>();
        m.forEach((name, t) -> {
            TensorData sq = v.get(name);
            if (sq == null) problems.add("exp_avg_sq." + name + " missing");
            else if (!sq.sameShape(t.shape()))
                problems.add("exp_avg." + name + " is " + t.shapeString() + " but exp_avg_sq." + name + " is " + sq.shapeString());
        });
        v.keySet().stream().filter(k -> !m.containsKey(k)).forEach(k -> problems.add("exp_avg." + k + " missing"));
        if (!problems.isEmpty()) throw new UserException(source + ": " + preview(problems));
        return new OptimizerState(m, v, metadata);
    }

    /** Checks the moments match the model's parameters one-for-one, shape for shape. */
    public void checkMatches(Map<String, TensorData> params, String source) {
        List<String> problems = new ArrayList<>();
        params.forEach((name, p) -> {
            TensorData t = expAvg.get(name);
            if (t == null) problems.add("no state for parameter " + name);
            else if (!t.sameShape(p.shape()))
                problems.add("state for " + name + " is " + t.shapeString() + " but the parameter is " + p.shapeString());
        });
        expAvg.keySet().stream().filter(k -> !params.containsKey(k)).forEach(k -> problems.add("state for unknown parameter " + k));
        if (!problems.isEmpty())
            throw new UserException(source + " does not match the model: " + preview(problems));
    }

    static String preview(List<String> items) {
        int shown = Math.min(items.size(), 8);
        String s = String.join("; ", items.subList(0, shown));
        return items.size() > shown ? s + "; ... " + (items.size() - shown) + " more" : s;
    }
}
