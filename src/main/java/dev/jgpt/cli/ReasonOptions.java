package dev.jgpt.cli;

import dev.jgpt.data.synth.Difficulty;
import dev.jgpt.reason.MathProblem;
import dev.jgpt.reason.ProblemFiles;
import dev.jgpt.reason.ReasoningTasks;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    @Option(names = "--steps", paramLabel = "N|MIN-MAX",
            description = "Calculation steps of the generated held-out problems and LMSI questions, e.g. 4 or 2-4 (default: 2-4).")
    String steps;
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

    ReasoningTasks tasks() { return new ReasoningTasks(worldSeed, difficulty()); }

    private static final Pattern STEPS = Pattern.compile("(\\d{1,2})(?:-(\\d{1,2}))?");

    /** {@link ReasoningTasks#DIFFICULTY}, with {@code --steps} when given. */
    Difficulty difficulty() {
        if (steps == null) return ReasoningTasks.DIFFICULTY;
        Matcher m = STEPS.matcher(steps.trim());
        if (!m.matches()) throw new UserException("--steps takes N or MIN-MAX, e.g. 4 or 2-4, got '" + steps + "'");
        int min = Integer.parseInt(m.group(1));
        int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
        try {
            return ReasoningTasks.DIFFICULTY.withSteps(min, max);
        } catch (UserException e) {
            throw new UserException("--steps: " + e.getMessage());
        }
    }

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
        return exemplarSets(sets, paths, fewShot, "--exemplar-sets", "--paths");
    }

    /** {@link #exemplarSets(int, int, boolean)}, naming the options a command calls them by in its errors. */
    List<List<MathProblem>> exemplarSets(int sets, int paths, boolean fewShot, String setsOption, String pathsOption) {
        if (sets < 1 || sets > paths)
            throw new UserException(setsOption + " must be between 1 and " + pathsOption + " (" + paths + "), got " + sets);
        if (sets > 1 && (!fewShot || shots < 1))
            throw new UserException(setsOption + " needs a few-shot format (cot or direct) and --shots >= 1");
        if (sets == 1) return List.of(exemplars());
        List<MathProblem> pool = tasks().exemplars(shots * sets);
        List<List<MathProblem>> out = new ArrayList<>();
        for (int i = 0; i < sets; i++) out.add(pool.subList(i * shots, (i + 1) * shots));
        return out;
    }
}
