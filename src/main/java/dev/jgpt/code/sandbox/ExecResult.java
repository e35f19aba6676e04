package dev.jgpt.code.sandbox;

/**
 * The verdict on one program: its outcome, a message (compiler errors, the exception, why it
 * was stopped), run and compile times, and the start of what it printed (capped).
 */
public record ExecResult(Outcome outcome, String message, long runMs, long compileMs, String output) {
    public boolean passed() { return outcome == Outcome.PASSED; }

    static ExecResult of(Outcome outcome, String message, long runMs, long compileMs) {
        return new ExecResult(outcome, message, runMs, compileMs, "");
    }
}
