package dev.jgpt.cli;

import picocli.CommandLine.Command;

/** Placeholder; replaced by the code-evaluation work (pass@k, sandbox). */
@Command(name = "code", description = "Code evaluation: sandboxed execution and pass@k.")
public final class CodeCommand implements Runnable {
    @Override public void run() { throw new UnsupportedOperationException("not built yet"); }
}
