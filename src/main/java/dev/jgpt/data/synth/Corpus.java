package dev.jgpt.data.synth;

import dev.jgpt.data.Seeds;
import dev.jgpt.util.UserException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The embedded default corpus: documents from a {@link CorpusMix} of generators describing one
 * {@link World}, each followed by a separator. Everything derives from one seed, so the same
 * seed gives byte-identical text on any machine.
 */
public final class Corpus {
    /** A blank line: costs no extra vocabulary for a char-level tokenizer. */
    public static final String DEFAULT_SEPARATOR = "\n\n";
    /** GPT-2's document separator, for tokenizers that know it as a special token. */
    public static final String END_OF_TEXT = "<|endoftext|>";

    private Corpus() {}

    public static String generate(long seed, int targetChars) {
        return generate(seed, targetChars, CorpusMix.DEFAULT, DEFAULT_SEPARATOR);
    }

    /** Whole documents until at least {@code targetChars} characters (it stops at a document end). */
    public static String generate(long seed, int targetChars, CorpusMix mix, String separator) {
        if (targetChars < 0) throw new UserException("target size must not be negative: " + targetChars);
        StringBuilder sb = new StringBuilder(Math.min(targetChars, 1 << 26) + 4096);  // grows past 64M chars if asked
        Iterator<Document> docs = documents(seed, mix);
        while (sb.length() < targetChars) sb.append(docs.next().text()).append(separator);
        return sb.toString();
    }

    /** The world a corpus with this seed describes. */
    public static World world(long seed) {
        return World.generate(seed);
    }

    /** The endless, deterministic document stream behind {@link #generate}. */
    public static Iterator<Document> documents(long seed, CorpusMix mix) {
        World world = world(seed);
        List<CorpusGenerator> gens = new ArrayList<>();
        double[] cumulative = new double[mix.entries().size()];
        double total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            CorpusMix.Entry e = mix.entries().get(i);
            gens.add(CorpusGenerators.create(e.name(), world));
            cumulative[i] = total += e.weight();
        }
        // A stream separate from the world's, so documents do not replay the world's draws.
        Random rng = new Random(Seeds.derive(seed, 1));
        double sum = total;
        return new Iterator<>() {
            @Override public boolean hasNext() { return true; }

            @Override public Document next() {
                double r = rng.nextDouble() * sum;
                int i = 0;
                while (i < cumulative.length - 1 && r >= cumulative[i]) i++;
                return gens.get(i).generate(rng);
            }
        };
    }
}
