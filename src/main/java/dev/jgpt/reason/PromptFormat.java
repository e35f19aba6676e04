package dev.jgpt.reason;

import dev.jgpt.util.UserException;

import java.util.List;

/**
 * The four ways of asking, as in the chain-of-thought and LMSI papers, written in the corpus's
 * GSM8K layout:
 * <pre>
 * Question: ...
 * Answer: step one
 * step two
 * #### 42
 * </pre>
 * Few-shot prompts put exemplars before the question, separated by a blank line. A prompt
 * ends right after "Answer:" (no trailing space: with GPT-2-style pre-tokenisation the space
 * belongs to the next word's token), or after the zero-shot trigger line.
 */
public enum PromptFormat {
    /** Few-shot exemplars with worked solutions, then the question: the model writes a reasoning path. */
    COT("cot", true),
    /** Few-shot exemplars with only the final answer line, then the question: the model answers directly. */
    DIRECT("direct", true),
    /** No exemplars; "Let's think step by step." after "Answer:" (Kojima et al.). */
    ZERO_SHOT("zero-shot", false),
    /** Just the question. */
    PLAIN("plain", false);

    public static final String TRIGGER = "Let's think step by step.";
    /** Generation stops here: solutions never contain a blank line, and a new question means it is done. */
    public static final List<String> STOPS = List.of("\n\n", "\nQuestion:");

    private final String label;
    private final boolean fewShot;

    PromptFormat(String label, boolean fewShot) {
        this.label = label;
        this.fewShot = fewShot;
    }

    public String label() { return label; }

    public boolean fewShot() { return fewShot; }

    /** Whether a completion in this format is a reasoning path (rather than a bare answer line). */
    public boolean reasons() { return this != DIRECT; }

    public static PromptFormat parse(String s) {
        for (PromptFormat f : values()) if (f.label.equalsIgnoreCase(s) || f.name().equalsIgnoreCase(s)) return f;
        throw new UserException("unknown prompt format '" + s + "' (cot, direct, zero-shot, plain)");
    }

    /** The prompt for {@code question}; exemplars are used by the few-shot formats only and must be labeled. */
    public String prompt(String question, List<MathProblem> exemplars) {
        StringBuilder sb = new StringBuilder();
        if (fewShot) for (MathProblem e : exemplars) sb.append(exemplar(e)).append("\n\n");
        sb.append("Question: ").append(question.strip()).append("\nAnswer:");
        if (this == ZERO_SHOT) sb.append(' ').append(TRIGGER).append('\n');
        return sb.toString();
    }

    /** An exemplar in this format: a worked solution, or only the answer line for {@link #DIRECT}. */
    public String exemplar(MathProblem p) {
        if (p.answer() == null) throw new IllegalArgumentException("exemplar " + p.id() + " has no answer");
        return "Question: " + p.question().strip() + "\nAnswer:" + completion(this == DIRECT ? null : p.steps(), p.answer());
    }

    /**
     * What the model should write after this format's prompt: the path (steps, then the answer
     * line) or, for {@link #DIRECT}, the answer line alone. Used to build fine-tuning documents.
     */
    public String completion(String steps, String answer) {
        if (this == DIRECT || steps == null || steps.isBlank()) return " #### " + answer;
        return (this == ZERO_SHOT ? "" : " ") + steps.strip() + "\n#### " + answer;
    }
}
