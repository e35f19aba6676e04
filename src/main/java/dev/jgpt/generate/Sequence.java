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
    /** Keys and values per layer, laid out [head, position, head_size]. */
    final float[][] k, v;
    final int cap, nHead, headSize;
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
        k = new float[cfg.nLayer()][nHead * cap * headSize];
        v = new float[cfg.nLayer()][nHead * cap * headSize];
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

    int offset(int head, int pos) { return (head * cap + pos) * headSize; }

    /** Copies the first {@code len} cached positions of {@code from} (same prompt), in every layer and head. */
    void copyPrefix(Sequence from, int len) {
        for (int l = 0; l < k.length; l++)
            for (int h = 0; h < nHead; h++) {
                System.arraycopy(from.k[l], from.offset(h, 0), k[l], offset(h, 0), len * headSize);
                System.arraycopy(from.v[l], from.offset(h, 0), v[l], offset(h, 0), len * headSize);
            }
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
