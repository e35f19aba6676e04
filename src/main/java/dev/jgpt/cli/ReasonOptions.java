package dev.jgpt.cli;

import dev.jgpt.reason.MathProblem;
import dev.jgpt.reason.ProblemFiles;
import dev.jgpt.reason.ReasoningTasks;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options shared by the reason subcommands: which problems, which exemplars, how long an answer may be. */
final class ReasonOptions {
    @Option(names = "--problems", paramLabel = "FILE",
            description = "GSM8K-format JSONL ({question, answer}); default: generated held-out problems.")
    Path problems;
    @Option(names = "--n", paramLabel = "N", description = "Number of problems (default: ${DEFAULT-VALUE}; with --problems: the first N).")
    int n = 300;
    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N problems, e.g. to score a second, fresh draw (default: ${DEFAULT-VALUE}).")
    int offset = 0;
    @Option(names = "--world-seed", description = "Seed of the synthetic world the generated problems are about; the training run's seed (default: ${DEFAULT-VALUE}).")
    long worldSeed = 1337;
    @Option(names = "--shots", description = "Exemplars in few-shot prompts (default: ${DEFAULT-VALUE}).")
    int shots = 2;
    @Option(names = "--max-tokens", description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).")
    int maxTokens = 128;
    @Option(names = "--batch-size", description = "Sequences decoded together (default: ${DEFAULT-VALUE}; 1 = one at a time).")
    int batchSize = 64;
    @Option(names = "--calculator",
            description = "Use GSM8K's calculator: after the model writes <<a*b= a calculator writes the result (default: the model does its own arithmetic).")
    boolean calculator;
    @Option(names = "--json", description = "Print one JSON object with the results as the last line.")
    boolean json;
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** The calculator with --calculator, else null. */
    dev.jgpt.generate.TextGenerator.Tool tool() { return calculator ? dev.jgpt.reason.Calculator.INSTANCE : null; }

    ReasoningTasks tasks() { return new ReasoningTasks(worldSeed, ReasoningTasks.DIFFICULTY); }

    List<MathProblem> problems() {
        if (n < 1) throw new UserException("--n must be >= 1, got " + n);
        if (offset < 0) throw new UserException("--offset must be >= 0, got " + offset);
        if (problems == null) return tasks().heldOut(offset + n).subList(offset, offset + n);
        List<MathProblem> all = ProblemFiles.load(problems);
        if (offset >= all.size()) throw new UserException(problems + " has " + all.size() + " problems, --offset " + offset + " skips them all");
        List<MathProblem> chosen = all.subList(offset, Math.min(offset + n, all.size()));
        for (MathProblem p : chosen)
            if (!p.labeled()) throw new UserException(p.id() + ": no answer to score against (evaluation needs labeled problems)");
        return chosen;
    }

    List<MathProblem> exemplars() {
        if (shots < 0) throw new UserException("--shots must be >= 0, got " + shots);
        return tasks().exemplars(shots);
    }

    /**
     * {@code sets} groups of {@code --shots} exemplars for prompting a question's paths in turn
     * ({@code --exemplar-sets}); the first group is {@link #exemplars()} (the same draw's prefix).
     */
    List<List<MathProblem>> exemplarSets(int sets, int paths, boolean fewShot) {
        if (sets < 1 || sets > paths)
            throw new UserException("--exemplar-sets must be between 1 and --paths (" + paths + "), got " + sets);
        if (sets > 1 && (!fewShot || shots < 1))
            throw new UserException("--exemplar-sets needs a few-shot format (cot or direct) and --shots >= 1");
        if (sets == 1) return List.of(exemplars());
        List<MathProblem> pool = tasks().exemplars(shots * sets);
        List<List<MathProblem>> out = new ArrayList<>();
        for (int i = 0; i < sets; i++) out.add(pool.subList(i * shots, (i + 1) * shots));
        return out;
    }
}
