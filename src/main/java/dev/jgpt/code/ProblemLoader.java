package dev.jgpt.code;

import dev.jgpt.util.Jsonl;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads benchmark problems from JSON Lines, gzipped or not, in either of two shapes:
 * <ul>
 *   <li>MBXP / MBJP: {@code task_id, prompt, entry_point, test, canonical_solution (may be null), ...}</li>
 *   <li>HumanEval-X: {@code task_id, prompt, declaration, canonical_solution, test, ...}</li>
 * </ul>
 * Both need {@code task_id}, {@code prompt} and {@code test}; other fields are optional.
 */
public final class ProblemLoader {
    private ProblemLoader() {}

    public static List<Problem> load(Path file) {
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Jsonl.read(file, (JsonNode o, int line) -> {
            String id = Jsonl.string(o, "task_id", file, line);
            if (!seen.add(id)) throw Jsonl.error(file, line, "duplicate task_id '" + id + "'");
            problems.add(new Problem(id,
                    Jsonl.string(o, "prompt", file, line),
                    Jsonl.string(o, "test", file, line),
                    Jsonl.optionalString(o, "canonical_solution", file, line),
                    Jsonl.optionalString(o, "entry_point", file, line)));
        });
        if (problems.isEmpty()) throw new dev.jgpt.util.UserException(file + ": no problems in file");
        return problems;
    }
}
