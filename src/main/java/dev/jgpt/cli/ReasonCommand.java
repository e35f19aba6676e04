package dev.jgpt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jgpt reason}: chain-of-thought, self-consistency and self-improvement on word problems. */
@Command(name = "reason", mixinStandardHelpOptions = true,
        description = {"Reasoning on arithmetic word problems: chain-of-thought prompting, self-consistency voting,",
                "and LMSI self-improvement (fine-tuning on the model's own confident answers, no labels).",
                "Problems are generated held-out ones unless --problems names a GSM8K-format JSONL file."},
        subcommands = {ReasonEvalCommand.class, ReasonVoteCommand.class, ReasonImproveCommand.class, ReasonExperimentCommand.class})
public final class ReasonCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
