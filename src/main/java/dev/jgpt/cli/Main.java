package dev.jgpt.cli;

import dev.jgpt.tensor.Lanes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code jgpt} command line. Each stage of the route is a subcommand. */
@Command(name = "jgpt", mixinStandardHelpOptions = true, version = "jgpt 0.1.0",
        description = "Train a small GPT-style model from scratch and take it through the GPT-4 route.",
        footer = {"", "Environment (read by the ./jgpt launcher):",
                "  JGPT_JAVA_OPTS  JVM options: -Xmx8g, -Djgpt.threads=N, -Djgpt.gemm=vector",
                "  JGPT_KERNELS    native (default), or avx2: AVX2 kernels on any AVX2 CPU,",
                "                  the bits of an AVX2 machine (slower on wider vectors)"},
        subcommands = {
                PipelineCommand.class,
                TrainCommand.class,
                SampleCommand.class,
                ChatCommand.class,
                ServeCommand.class,
                EvalCommand.class,
                BenchCommand.class,
                CodeCommand.class,
                ReasonCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }

    public static void main(String[] args) {
        // Checked here, not where the kernels first read it, so that a bad value is one line
        // and not a class-initialisation error in the middle of a run.
        try {
            Lanes.species(System.getProperty(Lanes.PROPERTY));
        } catch (IllegalArgumentException e) {
            System.err.println("jgpt: " + e.getMessage());
            System.exit(2);
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it directly. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }
}
