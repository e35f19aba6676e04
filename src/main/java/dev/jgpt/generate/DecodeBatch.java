package dev.jgpt.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequences decoded together, one token each per {@link #step}, with sequences joining
 * ({@link #add}) and leaving (when finished) between steps: continuous batching. Each step
 * is one pass over the weights for all active sequences, so a step with 16 sequences costs
 * little more than a step with one while the weights, not the arithmetic, are the bottleneck.
 *
 * <p>A sequence's tokens depend only on its own prompt, settings and random stream, not on
 * which other sequences share its steps (up to float rounding of differently-sized GEMMs).
 * Not thread-safe: one thread owns a batch.
 */
public final class DecodeBatch {
    private final Generator g;
    private final List<Sequence> active = new ArrayList<>();
    /**
     * Sequences prefilled since the last step, by prompt: n > 1 choices and self-consistency
     * paths share one prompt, which is then prefilled once and its keys/values shared.
     */
    private final Map<PromptKey, Prefilled> fresh = new HashMap<>();

    private record Prefilled(Sequence seq, float[] logits) {}

    /** An int[] with value equality. */
    private record PromptKey(int[] ids) {
        @Override public boolean equals(Object o) { return o instanceof PromptKey k && Arrays.equals(ids, k.ids); }

        @Override public int hashCode() { return Arrays.hashCode(ids); }
    }

    public DecodeBatch(Generator g) { this.g = g; }

    /** Active (unfinished) sequences. */
    public int size() { return active.size(); }

    /**
     * Prefills {@code prompt} and chooses its first token. The sequence samples from the random
     * stream (sc.seed, stream); it ends at any of {@code endIds} (not included), when
     * {@code stop} says so, or after sc.maxNewTokens. {@code listener} and {@code stop} get
     * {@code tag} as the sequence number. With maxNewTokens 0 it is finished at once.
     */
    public Sequence add(int[] prompt, SamplingConfig sc, long stream, int tag, int[] endIds,
                        Generator.StopCondition stop, Generator.Listener listener) {
        g.checkPrompt(prompt);
        Sequence s = new Sequence(g, prompt, sc, stream, tag, endIds, stop, listener);
        PromptKey key = new PromptKey(s.prompt);
        Prefilled same = fresh.get(key);
        float[] logits;
        if (same != null) {
            s.sharePrefix(same.seq());
            logits = same.logits();
        } else {
            logits = g.prefill(s, s.prompt);
            fresh.put(key, new Prefilled(s, logits));
        }
        s.length = prompt.length;
        if (sc.maxNewTokens() == 0) {
            s.finish = Generator.Finish.LENGTH;
            return s;
        }
        s.next = TokenSampler.sample(logits, 0, g.config().vocabSize(), sc, s.rng);
        active.add(s);
        return s;
    }

    /**
     * Records each active sequence's pending token (calling its listener), retires the ones
     * that finished, and computes the next token of the rest. Returns the sequences that
     * finished in this step.
     */
    public List<Sequence> step() {
        fresh.clear();   // after this step their caches hold more than the prompt (or slid)
        List<Sequence> done = new ArrayList<>(), still = new ArrayList<>(), advance = new ArrayList<>();
        for (Sequence s : active) {
            int tok = s.next;
            if (s.isEnd(tok)) { finish(s, Generator.Finish.STOP, done); continue; }
            s.out.add(tok);
            if (s.listener != null) s.listener.onToken(s.tag, tok);
            if (s.stop != null && s.stop.shouldStop(s.tag, s.out)) { finish(s, Generator.Finish.STOP, done); continue; }
            if (s.out.size() >= s.sc.maxNewTokens()) { finish(s, Generator.Finish.LENGTH, done); continue; }
            still.add(s);
            if (s.length >= s.cap) slide(s);
            else advance.add(s);
        }
        active.clear();
        active.addAll(still);
        int r = advance.size();
        if (r == 0) return done;
        Sequence[] rows = advance.toArray(new Sequence[0]);
        int[] toks = new int[r], pos = new int[r], logitRows = new int[r];
        for (int i = 0; i < r; i++) {
            toks[i] = rows[i].next;
            pos[i] = rows[i].length;
            logitRows[i] = i;
        }
        float[] logits = g.forward(rows, toks, pos, logitRows);
        int v = g.config().vocabSize();
        for (int i = 0; i < r; i++) {
            Sequence s = rows[i];
            s.length++;
            s.next = s.nextToken(TokenSampler.sample(logits, i * v, v, s.sc, s.rng));
        }
        return done;
    }

    private static void finish(Sequence s, Generator.Finish f, List<Sequence> done) {
        s.finish = f;
        done.add(s);
    }

    /**
     * Window full: like nanoGPT, keep only the most recent 3/4 of the context and re-read it at
     * positions 0.. (learned absolute positions); that also chooses the next token.
     */
    private void slide(Sequence s) {
        int window = g.config().blockSize();
        int keep = Math.max(1, window - Math.max(1, window / 4));
        int total = s.prompt.length + s.out.size();
        int[] toks = new int[keep];
        for (int i = 0; i < keep; i++) {
            int idx = total - keep + i;
            toks[i] = idx < s.prompt.length ? s.prompt[idx] : s.out.get(idx - s.prompt.length);
        }
        float[] logits = g.prefill(s, toks);   // into a new prefix: sharers of the old one still read it
        s.length = keep;
        s.next = s.nextToken(TokenSampler.sample(logits, 0, g.config().vocabSize(), s.sc, s.rng));
    }
}
