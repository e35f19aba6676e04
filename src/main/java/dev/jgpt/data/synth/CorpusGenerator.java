package dev.jgpt.data.synth;

import java.util.Random;

/**
 * A source of documents for the embedded corpus. Implementations must draw all randomness from
 * {@code rng} (never from the clock or a hash order) so a corpus seed reproduces the text exactly.
 * Documents must not contain a blank line ("\n\n"), which is the default document separator.
 */
public interface CorpusGenerator {
    String name();

    Document generate(Random rng);
}
