package dev.jgpt.data.synth;

import java.util.List;
import java.util.function.Function;

/** An arithmetic word problem with its worked solution and integer answer (the ground truth). */
public record WordProblem(String question, List<SolutionStep> solutionSteps, long answer) {
    public WordProblem {
        solutionSteps = List.copyOf(solutionSteps);
    }

    /** The solution in GSM8K's answer format: one line per step, then {@code #### answer}. */
    public String solution() {
        return solution(SolutionStep::text);
    }

    /** The same solution with each step reduced to its calculation ({@code 12+5 = <<12+5=17>>17}). */
    public String calculations() {
        return solution(SolutionStep::calculation);
    }

    private String solution(Function<SolutionStep, String> line) {
        StringBuilder sb = new StringBuilder();
        for (SolutionStep s : solutionSteps) sb.append(line.apply(s)).append('\n');
        return sb.append("#### ").append(answer).toString();
    }

    /** The problem as a corpus document: {@code Question: ...\nAnswer: ...\n#### N}. */
    public String text() {
        return "Question: " + question + "\nAnswer: " + solution();
    }
}
