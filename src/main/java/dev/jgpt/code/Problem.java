package dev.jgpt.code;

/**
 * One benchmark problem. The program that is compiled and run is
 * {@code prompt + completion + "\n" + test}: the prompt opens the solution class and method,
 * the completion finishes them, and the test adds a {@code Main} class whose main throws when
 * a check fails (MBXP's harness and CodeGeeX's HumanEval-X harness assemble it the same way).
 *
 * @param canonicalSolution the reference completion, or null where the benchmark has none
 */
public record Problem(String taskId, String prompt, String test, String canonicalSolution, String entryPoint) {
    public String program(String completion) {
        return prompt + completion + "\n" + test;
    }
}
