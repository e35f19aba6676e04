package dev.jgpt.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One sequence being decoded in a {@link DecodeBatch}: its prompt, sampling settings, random
 * stream, key/value cache and the tokens generated so far. Only the thread that steps the
 * batch may touch it; {@link #tokens()} and {@link #finish()} are for after it finished.
 */
public final class Sequence {
    final int[] prompt;
    final SamplingConfig sc;
    final SplittableRandom rng;
    final int tag;
    final int[] endIds;
    final Generator.StopCondition stop;
    final Generator.Listener listener;
    /**
     * Keys and values per layer of positions [0, prefixLength), laid out [head, position,
     * head_size]: the prompt's, written by its prefill and never changed after, so sequences
     * added together with the same prompt share them (self-consistency's paths, n choices).
     * Sharing saves the copies, and a step's reads of a shared prompt come from one copy, which
     * stays in the CPU's caches from one of its sequences to the next, instead of from one copy
     * per sequence.
     */
    float[][] pk, pv;
    int prefixLength;
    /** Keys and values per layer of positions [prefixLength, cap), this sequence's own; same layout. */
    float[][] k, v;
    int ownCap;
    final int cap, nHead, headSize, nLayer;
    final List<Integer> out = new ArrayList<>();
    int length;      // positions filled in the cache
    int next;        // the token chosen after the last step, not yet recorded
    Generator.Finish finish;
    /** Asked after each token for tokens to force next (a tool's output); null for none. */
    Generator.Injector injector;
    private final java.util.ArrayDeque<Integer> forced = new java.util.ArrayDeque<>();

    Sequence(Generator g, int[] prompt, SamplingConfig sc, long stream, int tag, int[] endIds,
             Generator.StopCondition stop, Generator.Listener listener) {
        this.prompt = prompt.clone();
        this.sc = sc;
        this.rng = new SplittableRandom(sc.seed() * 0x9E3779B97F4A7C15L + stream);
        this.tag = tag;
        this.endIds = endIds.clone();
        this.stop = stop;
        this.listener = listener;
        var cfg = g.config();
        // Room for the prompt and every new token; past the window the sequence slides instead.
        cap = (int) Math.min(cfg.blockSize(), (long) prompt.length + sc.maxNewTokens());
        nHead = cfg.nHead();
        headSize = cfg.headSize();
        nLayer = cfg.nLayer();
    }

    /** Gives this sequence a fresh prefix of {@code len} positions (for a prefill to write) and own room for the rest. */
    void ownPrefix(int len) {
        pk = new float[nLayer][nHead * len * headSize];
        pv = new float[nLayer][nHead * len * headSize];
        prefixLength = len;
        ownRoom();
    }

    /** Shares {@code from}'s prefilled prefix (the same prompt) instead of computing or copying it. */
    void sharePrefix(Sequence from) {
        pk = from.pk;
        pv = from.pv;
        prefixLength = from.prefixLength;
        ownRoom();
    }

    private void ownRoom() {
        int need = cap - prefixLength;
        if (k != null && ownCap >= need) return;
        ownCap = need;
        k = new float[nLayer][nHead * need * headSize];
        v = new float[nLayer][nHead * need * headSize];
    }

    /**
     * The next token: a forced one when a tool has queued any, else {@code sampled}. The random
     * stream has advanced either way, so later samples do not depend on whether a tool answered.
     */
    int nextToken(int sampled) {
        if (injector == null) return sampled;
        if (forced.isEmpty()) {
            int[] t = injector.inject(tag, out);
            if (t != null) for (int x : t) forced.add(x);
        }
        return forced.isEmpty() ? sampled : forced.poll();
    }

    /** The key array holding position {@code pos} of layer {@code l}: the prefix's or this sequence's own. */
    float[] keys(int l, int pos) { return pos < prefixLength ? pk[l] : k[l]; }

    float[] values(int l, int pos) { return pos < prefixLength ? pv[l] : v[l]; }

    /** Where (head, pos) starts in {@link #keys}/{@link #values}'s array. */
    int offset(int head, int pos) {
        return pos < prefixLength ? (head * prefixLength + pos) * headSize : (head * ownCap + pos - prefixLength) * headSize;
    }

    boolean isEnd(int token) {
        for (int e : endIds) if (e == token) return true;
        return false;
    }

    /** The caller's label for this sequence, passed to its listener and stop condition. */
    public int tag() { return tag; }

    public int promptLength() { return prompt.length; }

    /** Null while the sequence is still being decoded. */
    public Generator.Finish finish() { return finish; }

    /** The generated tokens (without an end token). */
    public int[] tokens() { return out.stream().mapToInt(Integer::intValue).toArray(); }

    public int generatedCount() { return out.size(); }
}
