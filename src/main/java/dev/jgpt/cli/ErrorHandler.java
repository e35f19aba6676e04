package dev.jgpt.cli;

import dev.jgpt.util.UserException;
import picocli.CommandLine;

/**
 * Turns user errors (bad files, bad configs) into one clear line on stderr and exit code 2,
 * while real bugs keep their stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable t = ex;
        while (t != null && !(t instanceof UserException)) t = t.getCause();
        if (t != null) {
            cmd.getErr().println("error: " + t.getMessage());
            return 2;
        }
        if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
            cmd.getErr().println("error: " + ex.getMessage());
            return 2;
        }
        ex.printStackTrace(cmd.getErr());
        return 1;
    }
}
