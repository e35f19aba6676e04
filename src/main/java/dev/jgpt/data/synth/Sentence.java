package dev.jgpt.data.synth;

import java.util.List;

/** A rendered sentence and the facts it asserts: the ground truth of a facts document. */
public record Sentence(String text, List<Fact> facts) {
    public Sentence {
        facts = List.copyOf(facts);
    }

    static Sentence of(String text, Fact... facts) {
        return new Sentence(text, List.of(facts));
    }
}
