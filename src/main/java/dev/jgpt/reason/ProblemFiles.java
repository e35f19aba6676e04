package dev.jgpt.reason;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgpt.util.Jsonl;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GSM8K-format JSON Lines: {@code {"question": ..., "answer": "steps...\n#### 72"}}, one problem
 * a line (gzipped or not). {@code answer} is optional (an unlabeled set); when present it must
 * end with a {@code #### N} line. Every problem is a one-line error naming the file and line.
 */
public final class ProblemFiles {
    private ProblemFiles() {}

    public static List<MathProblem> load(Path file) {
        List<MathProblem> out = new ArrayList<>();
        Jsonl.read(file, (JsonNode o, int line) -> {
            String q = Jsonl.string(o, "question", file, line);
            if (q.isBlank()) throw Jsonl.error(file, line, "empty question");
            String a = Jsonl.optionalString(o, "answer", file, line);
            String value = null;
            if (a != null) {
                Answers.Extracted e = Answers.extract(a);
                if (e.source() != Answers.Source.HASHES)
                    throw Jsonl.error(file, line, "answer has no final '#### N' line");
                value = e.value();
            }
            out.add(new MathProblem(file.getFileName() + ":" + line, q, a, value));
        });
        if (out.isEmpty()) throw new UserException(file + ": no problems in file");
        return out;
    }

    /** Writes problems in the same format (the answer field only for labeled ones). */
    public static void write(Path file, List<MathProblem> problems) throws IOException {
        Jsonl.write(file, problems, (g, p) -> {
            g.writeStringField("question", p.question());
            if (p.solution() != null) g.writeStringField("answer", p.solution());
        });
    }
}
