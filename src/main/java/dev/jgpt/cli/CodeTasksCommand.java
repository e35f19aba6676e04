package dev.jgpt.cli;

import dev.jgpt.code.CodeGeneration;
import dev.jgpt.code.tasks.CodeTasks;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jgpt code tasks}: writes generated Java tasks as MBJP-format problems. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Write generated Java tasks (train or held-out split) as MBJP-format JSONL problems.")
final class CodeTasksCommand implements Callable<Integer> {
    @Option(names = "--split", defaultValue = "heldout", description = "train or heldout (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--n", defaultValue = "50", description = "Number of distinct tasks (default: ${DEFAULT-VALUE}).")
    int n;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the draw (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, paramLabel = "FILE") Path out;

    @Override public Integer call() throws Exception {
        if (n < 1) throw new UserException("--n must be >= 1");
        var problems = CodeTasks.problems(CodeTasks.Split.parse(split), seed, n);
        CodeGeneration.writeProblems(out, problems);
        System.out.println("wrote " + problems.size() + " problems to " + out);
        return 0;
    }
}
