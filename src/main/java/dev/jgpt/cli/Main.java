package dev.jgpt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code jgpt} command line. Each stage of the route is a subcommand. */
@Command(name = "jgpt", mixinStandardHelpOptions = true, version = "jgpt 0.1.0",
        description = "Train a small GPT-style model from scratch and take it through the GPT-4 route.",
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
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it directly. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }
}
