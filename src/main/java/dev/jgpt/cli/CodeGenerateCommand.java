package dev.jgpt.cli;

import dev.jgpt.code.CodeGeneration;
import dev.jgpt.code.Problem;
import dev.jgpt.code.ProblemLoader;
import dev.jgpt.code.Sample;
import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.TextGenerator;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jgpt code generate}: n sampled completions per problem, as a human-eval samples file. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Sample completions of each problem's prompt with a model; writes JSONL of {task_id, completion}.",
                "Generation stops where the class closes; score the file with 'jgpt code eval'."})
final class CodeGenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory or run folder.") Path model;
    @Option(names = "--problems", required = true, paramLabel = "FILE") Path problemsFile;
    @Option(names = "--n", defaultValue = "20", description = "Completions per problem (default: ${DEFAULT-VALUE}).") int n;
    @Option(names = "--temperature", defaultValue = "0.8") float temperature;
    @Option(names = "--top-p", defaultValue = "0.95") float topP;
    @Option(names = "--max-new-tokens", defaultValue = "96") int maxNewTokens;
    @Option(names = "--batch", defaultValue = "64", description = "Sequences per forward pass (default: ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--limit", paramLabel = "N", description = "Only the first N problems.") Integer limit;
    @Option(names = "--out", required = true, paramLabel = "FILE") Path out;

    @Override public Integer call() throws Exception {
        if (n < 1 || batch < 1) throw new UserException("--n and --batch must be >= 1");
        List<Problem> problems = ProblemLoader.load(problemsFile);
        if (limit != null) problems = problems.subList(0, Math.min(Math.max(1, limit), problems.size()));
        TextGenerator gen = TextGenerator.open(model);
        SamplingConfig sc;
        try {
            sc = new SamplingConfig(maxNewTokens, temperature, 0, topP, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        long t0 = System.nanoTime();
        int total = problems.size() * n;
        int[] done = {0};
        List<Sample> samples = CodeGeneration.sample(gen, problems, n, sc, batch, k -> {
            done[0] += k;
            System.err.printf("\rgenerated %d/%d", done[0], total);
        });
        System.err.println();
        CodeGeneration.writeSamples(out, samples);
        System.out.printf("wrote %d samples (%d problems x %d) to %s in %.1f s%n", samples.size(), problems.size(), n, out,
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
