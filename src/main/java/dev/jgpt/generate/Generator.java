package dev.jgpt.generate;

import dev.jgpt.model.Gpt;
import dev.jgpt.model.GptConfig;
import dev.jgpt.tensor.Gemm;
import dev.jgpt.tensor.Gemms;
import dev.jgpt.tensor.Parallel;
import dev.jgpt.tensor.Tensor;
import dev.jgpt.tensor.VecMath;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Batched autoregressive decoding with a key/value cache, outside the autograd graph.
 *
 * <p>Each new token costs one pass over the weights (prepared once with
 * {@link Gemm#pack}) plus attention over that sequence's cached keys and values, instead
 * of re-running the whole prefix. Prompts are prefilled one sequence at a time (a GEMM over
 * the prompt's rows); then every unfinished sequence advances one token per step, as rows
 * of the same GEMMs. Identical prompts in one call are prefilled once. The weights are snapshotted at construction: build a new Generator
 * after training changes them.
 */
public final class Generator {
    /** Receives each generated token as soon as it is chosen. */
    @FunctionalInterface
    public interface Listener { void onToken(int sequence, int token); }

    /** Decides, after each token, whether a sequence is finished (e.g. a stop string appeared). */
    @FunctionalInterface
    public interface StopCondition { boolean shouldStop(int sequence, List<Integer> generated); }

    /**
     * Tokens to feed a sequence instead of sampling, decided after each of its tokens (a tool's
     * output, e.g. a calculator result inside a calculator note); null or empty for none.
     */
    @FunctionalInterface
    public interface Injector { int[] inject(int sequence, List<Integer> generated); }

    public enum Finish { STOP, LENGTH }

    public record Result(int[] tokens, Finish finish) {}

    private final GptConfig cfg;
    private final Gemm gemm = Gemms.get();
    private final float[] wte, wpe;
    private final Gemm.Packed head;
    private final Layer[] layers;
    private final float[] lnfW, lnfB;

    private record Layer(float[] ln1W, float[] ln1B, Gemm.Packed attn, float[] attnB, Gemm.Packed proj, float[] projB,
                         float[] ln2W, float[] ln2B, Gemm.Packed fc, float[] fcB, Gemm.Packed fc2, float[] fc2B) {}

    public Generator(Gpt model) {
        this.cfg = model.config();
        int c = cfg.nEmbd();
        wte = model.param("wte.weight").data.clone();
        wpe = model.param("wpe.weight").data.clone();
        head = gemm.pack(wte, cfg.vocabSize(), c);
        layers = new Layer[cfg.nLayer()];
        for (int l = 0; l < layers.length; l++) {
            String p = "h." + l + ".";
            layers[l] = new Layer(
                    copy(model, p + "ln_1.weight"), copy(model, p + "ln_1.bias"),
                    gemm.pack(model.param(p + "attn.c_attn.weight").data, c, 3 * c), copy(model, p + "attn.c_attn.bias"),
                    gemm.pack(model.param(p + "attn.c_proj.weight").data, c, c), copy(model, p + "attn.c_proj.bias"),
                    copy(model, p + "ln_2.weight"), copy(model, p + "ln_2.bias"),
                    gemm.pack(model.param(p + "mlp.c_fc.weight").data, c, 4 * c), copy(model, p + "mlp.c_fc.bias"),
                    gemm.pack(model.param(p + "mlp.c_proj.weight").data, 4 * c, c), copy(model, p + "mlp.c_proj.bias"));
        }
        lnfW = copy(model, "ln_f.weight");
        lnfB = copy(model, "ln_f.bias");
    }

    private static float[] copy(Gpt m, String name) {
        Tensor t = m.parameters().get(name);
        return t == null ? null : t.data.clone();
    }

    public GptConfig config() { return cfg; }

    /**
     * Continues every prompt. A sequence ends at {@code eotId} (when >= 0, not included),
     * when {@code stop} says so, after maxNewTokens, or at the end of the context window.
     */
    public List<Result> generate(List<int[]> prompts, SamplingConfig sc, int eotId, StopCondition stop, Listener listener) {
        return generate(prompts, sc, eotId, stop, listener, null);
    }

    /** As above; {@code injector}, when given, may force the next tokens of a sequence (they count as generated). */
    public List<Result> generate(List<int[]> prompts, SamplingConfig sc, int eotId, StopCondition stop, Listener listener,
                                 Injector injector) {
        int n = prompts.size();
        int maxLen = 0;
        for (int[] p : prompts) {
            if (p.length == 0) throw new IllegalArgumentException("empty prompt: give at least one token (e.g. the end-of-text token)");
            if (p.length > cfg.blockSize())
                throw new IllegalArgumentException("prompt of " + p.length + " tokens does not fit the context of " + cfg.blockSize() + " tokens");
            maxLen = Math.max(maxLen, p.length);
        }
        int cap = Math.min(cfg.blockSize(), maxLen + sc.maxNewTokens());
        Cache cache = new Cache(n, cap);
        List<List<Integer>> out = new ArrayList<>();
        SplittableRandom[] rngs = new SplittableRandom[n];
        int[] next = new int[n], length = new int[n];
        java.util.ArrayDeque<Integer>[] forced = injector == null ? null : newQueues(n);
        Finish[] finish = new Finish[n];
        int v = cfg.vocabSize();
        // Self-consistency and n > 1 sample many paths from one prompt: prefill it once and
        // copy its keys/values (and last logits) to the other sequences.
        Map<IntArrayKey, Integer> firstWithPrompt = new HashMap<>();
        float[][] prefillLogits = new float[n][];
        for (int s = 0; s < n; s++) {
            out.add(new ArrayList<>());
            rngs[s] = new SplittableRandom(sc.seed() * 0x9E3779B97F4A7C15L + s);
            int[] p = prompts.get(s);
            Integer same = firstWithPrompt.putIfAbsent(new IntArrayKey(p), s);
            float[] logits;
            if (same != null) {
                cache.copyPrefix(same, s, p.length);
                logits = prefillLogits[same];
            } else {
                int[] seqs = new int[p.length], pos = new int[p.length];
                Arrays.fill(seqs, s);
                for (int i = 0; i < p.length; i++) pos[i] = i;
                logits = forward(cache, p, seqs, pos, new int[]{p.length - 1});
                prefillLogits[s] = logits;
            }
            length[s] = p.length;
            if (sc.maxNewTokens() == 0) { finish[s] = Finish.LENGTH; continue; }
            next[s] = TokenSampler.sample(logits, 0, v, sc, rngs[s]);
        }
        List<Integer> active = new ArrayList<>();
        for (int s = 0; s < n; s++) if (finish[s] == null) active.add(s);
        while (!active.isEmpty()) {
            // Record the tokens chosen last step and retire finished sequences.
            List<Integer> still = new ArrayList<>(), advance = new ArrayList<>();
            for (int s : active) {
                int tok = next[s];
                if (tok == eotId) { finish[s] = Finish.STOP; continue; }
                out.get(s).add(tok);
                if (listener != null) listener.onToken(s, tok);
                if (stop != null && stop.shouldStop(s, out.get(s))) { finish[s] = Finish.STOP; continue; }
                if (forced != null && forced[s].isEmpty()) {
                    int[] inject = injector.inject(s, out.get(s));
                    if (inject != null) for (int t : inject) forced[s].add(t);
                }
                if (out.get(s).size() >= sc.maxNewTokens()) { finish[s] = Finish.LENGTH; continue; }
                still.add(s);
                if (length[s] >= cap) {
                    // Window full: like nanoGPT, keep only the most recent context, re-read it at
                    // positions 0.. (learned absolute positions); that also chooses its next token.
                    slide(cache, s, prompts.get(s), out.get(s), length, next, sc, rngs[s]);
                    if (forced != null && !forced[s].isEmpty()) next[s] = forced[s].poll();
                } else {
                    advance.add(s);
                }
            }
            active = still;
            int r = advance.size();
            if (r == 0) continue;
            int[] toks = new int[r], seqs = new int[r], pos = new int[r], rows = new int[r];
            for (int i = 0; i < r; i++) {
                int s = advance.get(i);
                toks[i] = next[s];
                seqs[i] = s;
                pos[i] = length[s];
                rows[i] = i;
            }
            float[] logits = forward(cache, toks, seqs, pos, rows);
            for (int i = 0; i < r; i++) {
                int s = advance.get(i);
                length[s]++;
                // A forced token replaces the sample; the sequence's random stream is still
                // advanced so later samples do not depend on whether a tool answered.
                int sampled = TokenSampler.sample(logits, i * v, v, sc, rngs[s]);
                next[s] = forced != null && !forced[s].isEmpty() ? forced[s].poll() : sampled;
            }
        }
        List<Result> results = new ArrayList<>();
        for (int s = 0; s < n; s++) results.add(new Result(out.get(s).stream().mapToInt(Integer::intValue).toArray(), finish[s]));
        return results;
    }

    @SuppressWarnings("unchecked")
    private static java.util.ArrayDeque<Integer>[] newQueues(int n) {
        java.util.ArrayDeque<Integer>[] q = new java.util.ArrayDeque[n];
        for (int i = 0; i < n; i++) q[i] = new java.util.ArrayDeque<>();
        return q;
    }

    /** Re-prefills the last 3/4 of the window for sequence s and samples its next token. */
    private void slide(Cache cache, int s, int[] prompt, List<Integer> generated, int[] length, int[] next,
                       SamplingConfig sc, SplittableRandom rng) {
        int window = cfg.blockSize();
        int keep = Math.max(1, window - Math.max(1, window / 4));
        int total = prompt.length + generated.size();
        int[] toks = new int[keep], seqs = new int[keep], pos = new int[keep];
        for (int i = 0; i < keep; i++) {
            int idx = total - keep + i;
            toks[i] = idx < prompt.length ? prompt[idx] : generated.get(idx - prompt.length);
            seqs[i] = s;
            pos[i] = i;
        }
        float[] logits = forward(cache, toks, seqs, pos, new int[]{keep - 1});
        length[s] = keep;
        next[s] = TokenSampler.sample(logits, 0, cfg.vocabSize(), sc, rng);
    }

    /** An int[] with value equality, to find identical prompts. */
    private record IntArrayKey(int[] a) {
        @Override public boolean equals(Object o) { return o instanceof IntArrayKey k && Arrays.equals(a, k.a); }
        @Override public int hashCode() { return Arrays.hashCode(a); }
    }

    /** Keys and values per layer, laid out [sequence, head, position, head_size]. */
    private final class Cache {
        final float[][] k, v;
        final int cap;

        Cache(int sequences, int cap) {
            this.cap = cap;
            k = new float[cfg.nLayer()][sequences * cfg.nEmbd() * cap];
            v = new float[cfg.nLayer()][sequences * cfg.nEmbd() * cap];
        }

        /** Copies the first {@code len} positions of sequence {@code from} to sequence {@code to}, in every layer and head. */
        void copyPrefix(int from, int to, int len) {
            int hd = cfg.headSize();
            for (int l = 0; l < k.length; l++)
                for (int hh = 0; hh < cfg.nHead(); hh++) {
                    System.arraycopy(k[l], offset(from, hh, 0), k[l], offset(to, hh, 0), len * hd);
                    System.arraycopy(v[l], offset(from, hh, 0), v[l], offset(to, hh, 0), len * hd);
                }
        }

        int offset(int seq, int head, int pos) {
            int hd = cfg.headSize();
            return ((seq * cfg.nHead() + head) * cap + pos) * hd;
        }
    }

    /**
     * Runs rows (token, sequence, position) through the model, appending their keys/values to
     * the cache, and returns logits for the rows listed in {@code logitRows}.
     */
    private float[] forward(Cache cache, int[] toks, int[] seqs, int[] pos, int[] logitRows) {
        int r = toks.length, c = cfg.nEmbd(), h = cfg.nHead(), hd = cfg.headSize();
        float[] x = new float[r * c], t = new float[r * c], qkv = new float[r * 3 * c], att = new float[r * c], ff = new float[r * 4 * c];
        for (int i = 0; i < r; i++) {
            if (toks[i] < 0 || toks[i] >= cfg.vocabSize()) throw new IllegalArgumentException("token id " + toks[i] + " out of range");
            for (int j = 0; j < c; j++) x[i * c + j] = wte[toks[i] * c + j] + wpe[pos[i] * c + j];
        }
        for (int l = 0; l < layers.length; l++) {
            Layer L = layers[l];
            layerNorm(x, t, r, c, L.ln1W, L.ln1B);
            linear(t, r, L.attn, L.attnB, qkv);
            float[] kc = cache.k[l], vc = cache.v[l];
            for (int i = 0; i < r; i++)
                for (int hh = 0; hh < h; hh++) {
                    int o = cache.offset(seqs[i], hh, pos[i]);
                    System.arraycopy(qkv, i * 3 * c + c + hh * hd, kc, o, hd);
                    System.arraycopy(qkv, i * 3 * c + 2 * c + hh * hd, vc, o, hd);
                }
            int maxPos = 0;
            for (int p : pos) maxPos = Math.max(maxPos, p);
            float scale = (float) (1.0 / Math.sqrt(hd));
            Arrays.fill(att, 0f);
            Parallel.forRange(r * h, (long) (maxPos + 1) * hd * 2, (from, to) -> {
                float[] sc = new float[cache.cap];
                for (int task = from; task < to; task++) {
                    int i = task / h, hh = task % h, n = pos[i] + 1, base = cache.offset(seqs[i], hh, 0);
                    int qo = i * 3 * c + hh * hd;
                    float m = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        sc[j] = VecMath.dot(qkv, qo, kc, base + j * hd, hd) * scale;
                        m = Math.max(m, sc[j]);
                    }
                    float sum = VecMath.expShiftSum(sc, 0, sc, 0, n, m);
                    float inv = 1f / sum;
                    for (int j = 0; j < n; j++) VecMath.axpy(sc[j] * inv, vc, base + j * hd, att, i * c + hh * hd, hd);
                }
            });
            linear(att, r, L.proj, L.projB, t);
            VecMath.addInto(x, 0, t, 0, r * c);
            layerNorm(x, t, r, c, L.ln2W, L.ln2B);
            linear(t, r, L.fc, L.fcB, ff);
            VecMath.gelu(ff, 0, ff, 0, r * 4 * c);
            linear(ff, r, L.fc2, L.fc2B, t);
            VecMath.addInto(x, 0, t, 0, r * c);
        }
        int nl = logitRows.length;
        float[] sel = new float[nl * c], normed = new float[nl * c];
        for (int i = 0; i < nl; i++) System.arraycopy(x, logitRows[i] * c, sel, i * c, c);
        layerNorm(sel, normed, nl, c, lnfW, lnfB);
        float[] logits = new float[nl * cfg.vocabSize()];
        gemm.sgemmPacked(nl, normed, 0, head, true, 0f, logits, 0);
        return logits;
    }

    private void linear(float[] in, int rows, Gemm.Packed w, float[] bias, float[] out) {
        int n = w.cols();
        if (bias != null) for (int i = 0; i < rows; i++) System.arraycopy(bias, 0, out, i * n, n);
        gemm.sgemmPacked(rows, in, 0, w, false, bias != null ? 1f : 0f, out, 0);
    }

    private static void layerNorm(float[] x, float[] y, int rows, int c, float[] w, float[] b) {
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            float m = VecMath.sum(x, o, c) / c, var = 0;
            for (int i = 0; i < c; i++) { float d = x[o + i] - m; var += d * d; }
            float rs = (float) (1.0 / Math.sqrt(var / c + GptConfig.LAYER_NORM_EPS));
            for (int i = 0; i < c; i++) y[o + i] = (x[o + i] - m) * rs * w[i] + (b == null ? 0 : b[i]);
        }
    }
}
