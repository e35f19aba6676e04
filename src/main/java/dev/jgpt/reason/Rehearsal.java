package dev.jgpt.reason;

import dev.jgpt.data.synth.Corpus;
import dev.jgpt.data.synth.CorpusGenerators;
import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.data.synth.Document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Pretraining text replayed during LMSI fine-tuning. Two uses:
 * <ul>
 *   <li><b>rehearsal</b> ({@link #mix}): the harvested documents shuffled together with
 *       documents of the pretraining corpus, so a small model learns from its own paths without
 *       drifting from everything else it knew;</li>
 *   <li><b>the control</b> ({@link #control}): the same amount of fine-tuning text, all of it
 *       replayed. A model that stopped pretraining short of convergence gains from any further
 *       training; a round's gain is LMSI's only where it beats this control.</li>
 * </ul>
 * The replayed documents are the first ones of the pretraining stream ({@link Replay}: the same
 * world and the same corpus mix), text the model was already trained on; none of them is about an
 * LMSI question, so the loop still reads no label.
 */
public final class Rehearsal {
    private Rehearsal() {}

    /**
     * The pretraining stream to replay: its world's seed and its corpus mix (the pretraining
     * {@code --mix}). Replaying another mix would be new text, not rehearsal: a model pretrained
     * on several solution styles would be fine-tuned towards one of them.
     */
    public record Replay(long worldSeed, CorpusMix mix) {
        /** Checks the generators' names now, not after a harvest's minutes of sampling. */
        public Replay {
            for (CorpusMix.Entry e : mix.entries()) CorpusGenerators.requireKnown(e.name());
        }
    }

    /**
     * {@code harvest} (documents separated by the end-of-text token) mixed with pretraining
     * documents until those hold {@code share} of the characters; the order is shuffled with a
     * fixed seed, so a rerun writes the same text.
     */
    public static String mix(String harvest, double share, Replay from) {
        List<String> docs = documents(harvest);
        long chars = chars(docs);
        docs.addAll(replay(Math.round(chars * share / (1 - share)), from));
        return join(docs, from.worldSeed());
    }

    /** Pretraining documents only, as many characters as {@code mix(harvest, share, from)} holds. */
    public static String control(String harvest, double share, Replay from) {
        return join(replay(Math.round(chars(documents(harvest)) / (1 - share)), from), from.worldSeed());
    }

    private static List<String> documents(String text) {
        return new ArrayList<>(Arrays.stream(text.split(Pattern.quote(Corpus.END_OF_TEXT))).filter(d -> !d.isBlank()).toList());
    }

    private static long chars(List<String> docs) {
        return docs.stream().mapToLong(String::length).sum();
    }

    /** The pretraining stream's first documents, until they hold at least {@code chars} characters. */
    private static List<String> replay(long chars, Replay from) {
        List<String> out = new ArrayList<>();
        Iterator<Document> stream = Corpus.documents(from.worldSeed(), from.mix());
        for (long n = 0; n < chars; ) {
            String d = stream.next().text();
            out.add(d);
            n += d.length();
        }
        return out;
    }

    private static String join(List<String> docs, long seed) {
        Collections.shuffle(docs, new Random(seed));
        return String.join(Corpus.END_OF_TEXT, docs) + Corpus.END_OF_TEXT;
    }
}
