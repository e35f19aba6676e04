package dev.jgpt.code;

import dev.jgpt.util.Jsonl;
import dev.jgpt.code.sandbox.ExecResult;
import dev.jgpt.code.sandbox.Job;
import dev.jgpt.code.sandbox.Outcome;
import dev.jgpt.code.sandbox.SandboxPool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.*;

/**
 * Evaluates samples against problems: assembles each program, runs it in the sandbox pool,
 * and turns the verdicts into pass@k.
 */
public final class CodeEvaluator {
    private CodeEvaluator() {}

    public record SampleResult(Sample sample, ExecResult result) {}

    /** The benchmark's own solutions as samples (one per problem that has one). */
    public static List<Sample> canonicalSamples(List<Problem> problems) {
        List<Sample> out = new ArrayList<>();
        for (Problem p : problems) {
            if (p.canonicalSolution() != null) out.add(new Sample(p.taskId(), 0, p.canonicalSolution(), 0));
        }
        return out;
    }

    /** Runs every sample; {@code onEach} is called (from worker threads) as verdicts arrive. */
    public static List<SampleResult> run(Map<String, Problem> problems, List<Sample> samples, SandboxPool pool,
                                         Runnable onEach) {
        List<ExecResult> verdicts = pool.executeAll(samples.size(), i -> {
            Sample s = samples.get(i);
            return new Job(problems.get(s.taskId()).program(s.completion()));
        }, r -> onEach.run());
        List<SampleResult> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) out.add(new SampleResult(samples.get(i), verdicts.get(i)));
        return out;
    }

    /**
     * pass@k for each k, averaged over the problems that have samples. A k larger than some
     * problem's number of samples cannot be estimated without bias and is left out (as
     * human-eval does); it is listed in {@link Summary#skippedK()}.
     */
    public static Summary summarize(List<SampleResult> results, List<Integer> ks) {
        Map<String, int[]> perTask = new LinkedHashMap<>(); // task -> {n, c}
        EnumMap<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) outcomes.put(o, 0);
        for (SampleResult r : results) {
            int[] nc = perTask.computeIfAbsent(r.sample().taskId(), t -> new int[2]);
            nc[0]++;
            if (r.result().passed()) nc[1]++;
            outcomes.merge(r.result().outcome(), 1, Integer::sum);
        }
        int[] n = perTask.values().stream().mapToInt(a -> a[0]).toArray();
        int[] c = perTask.values().stream().mapToInt(a -> a[1]).toArray();
        int minN = Arrays.stream(n).min().orElse(0);
        Map<Integer, Double> passAtK = new LinkedHashMap<>();
        List<Integer> skipped = new ArrayList<>();
        for (int k : ks) {
            if (k <= minN) passAtK.put(k, PassAtK.mean(n, c, k));
            else skipped.add(k);
        }
        return new Summary(perTask.size(), results.size(), outcomes.get(Outcome.PASSED), minN, passAtK, skipped, outcomes);
    }

    public record Summary(int problems, int samples, int passed, int minSamplesPerProblem,
                          Map<Integer, Double> passAtK, List<Integer> skippedK, Map<Outcome, Integer> outcomes) {}

    /** Writes one JSON line per sample, atomically. */
    public static void writeResults(Path file, List<SampleResult> results) throws IOException {
        Jsonl.write(file, results, (g, r) -> {
            ExecResult e = r.result();
            g.writeStringField("task_id", r.sample().taskId());
            g.writeNumberField("completion_id", r.sample().index());
            g.writeStringField("outcome", e.outcome().id());
            g.writeBooleanField("passed", e.passed());
            g.writeStringField("message", e.message());
            g.writeNumberField("duration_ms", e.runMs());
            g.writeNumberField("compile_ms", e.compileMs());
            if (!e.output().isEmpty()) g.writeStringField("output", e.output());
        });
    }
}
