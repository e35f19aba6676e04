package dev.jgpt.reason;

import dev.jgpt.data.synth.WordProblem;

/**
 * A math word problem as the reasoning stage sees it.
 *
 * @param id       a stable name (line number of a file, or index of a generated set)
 * @param question the question text
 * @param solution the worked solution in GSM8K's format (steps, then {@code #### N}); null when unknown
 * @param answer   the final answer in {@link Answers#canonical canonical form}; null for an unlabeled question
 */
public record MathProblem(String id, String question, String solution, String answer) {
    public MathProblem {
        if (question == null || question.isBlank()) throw new IllegalArgumentException("problem " + id + " has no question");
    }

    public static MathProblem of(String id, WordProblem p) {
        return new MathProblem(id, p.question(), p.solution(), Answers.canonical(Long.toString(p.answer())));
    }

    /** The same problem with another worked solution (the answer stays). */
    public MathProblem withSolution(String other) { return new MathProblem(id, question, other, answer); }

    /** The same question with its solution and answer removed: what a label-free loop may see. */
    public MathProblem unlabeled() { return new MathProblem(id, question, null, null); }

    public boolean labeled() { return answer != null; }

    /** The solution without its final {@code #### N} line: the reasoning steps alone. */
    public String steps() {
        if (solution == null) throw new IllegalStateException("problem " + id + " has no solution");
        int i = solution.lastIndexOf("####");
        return (i < 0 ? solution : solution.substring(0, i)).strip();
    }
}
