package dev.jgpt.code;

import dev.jgpt.util.Jsonl;
import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.TextGenerator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Samples completions of problems with a language model, and writes problems and samples as
 * JSON Lines (MBJP's and human-eval's shapes), so {@code jgpt code eval} scores them.
 */
public final class CodeGeneration {
    /**
     * The prompt opens a class and a method; the first line that is just "}" closes the class.
     * Generation stops there (or where a test class would start) and the brace is put back, so
     * a completion is the method body, "    }" and "}", as in MBJP's canonical solutions.
     */
    public static final String CLASS_END = "\n}";
    private static final List<String> STOPS = List.of(CLASS_END, "\nclass Main", "\npublic class Main");

    private CodeGeneration() {}

    /**
     * {@code n} completions per problem, in problem order, at most {@code batch} sequences per
     * forward pass. Batch b samples with seed {@code sc.seed() + b}, so a run is reproducible.
     */
    public static List<Sample> sample(TextGenerator gen, List<Problem> problems, int n, SamplingConfig sc,
                                      int batch, IntConsumer onDone) {
        List<Problem> flat = new ArrayList<>();
        for (Problem p : problems) for (int i = 0; i < n; i++) flat.add(p);
        List<Sample> out = new ArrayList<>(flat.size());
        for (int start = 0, b = 0; start < flat.size(); start += batch, b++) {
            List<Problem> chunk = flat.subList(start, Math.min(flat.size(), start + batch));
            SamplingConfig c = new SamplingConfig(sc.maxNewTokens(), sc.temperature(), sc.topK(), sc.topP(), sc.seed() + b);
            var done = gen.complete(chunk.stream().map(p -> feed(p.prompt())).toList(), c, STOPS, null);
            for (int i = 0; i < chunk.size(); i++) {
                int flatIndex = start + i;
                out.add(new Sample(chunk.get(i).taskId(), flatIndex % n, close(unfeed(chunk.get(i).prompt(), done.get(i).text())), 0));
            }
            if (onDone != null) onDone.accept(chunk.size());
        }
        return out;
    }

    /**
     * The prompt without its final newline. A BPE tokenizer merges a newline with the next
     * line's indentation, so a prompt ending in a bare "\n" token is one the model has only
     * seen before an unindented line ("}"): it would close the class at once.
     */
    static String feed(String prompt) {
        return prompt.endsWith("\n") ? prompt.substring(0, prompt.length() - 1) : prompt;
    }

    /** The completion of the real prompt: the generated text less the newline the prompt already has. */
    static String unfeed(String prompt, String generated) {
        return prompt.endsWith("\n") && generated.startsWith("\n") ? generated.substring(1) : generated;
    }

    /** Puts back the class's closing brace that the stop string cut off. */
    static String close(String text) {
        return text.endsWith("    }") ? text + CLASS_END : text;
    }

    /** human-eval's samples format: one {@code {"task_id", "completion"}} per line, written atomically. */
    public static void writeSamples(Path file, List<Sample> samples) throws IOException {
        Jsonl.write(file, samples, (g, smp) -> {
            g.writeStringField("task_id", smp.taskId());
            g.writeStringField("completion", smp.completion());
        });
    }

    /** MBJP's problems format, written atomically. */
    public static void writeProblems(Path file, List<Problem> problems) throws IOException {
        Jsonl.write(file, problems, (g, p) -> {
            g.writeStringField("task_id", p.taskId());
            g.writeStringField("language", "java");
            g.writeStringField("prompt", p.prompt());
            g.writeStringField("entry_point", p.entryPoint());
            g.writeStringField("test", p.test());
            g.writeStringField("canonical_solution", p.canonicalSolution());
        });
    }
}
