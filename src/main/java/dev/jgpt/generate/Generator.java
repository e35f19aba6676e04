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
import java.util.List;

/**
 * Batched autoregressive decoding with a key/value cache, outside the autograd graph.
 *
 * <p>Each new token costs one pass over the weights (prepared once with
 * {@link Gemm#pack}) plus attention over that sequence's cached keys and values, instead
 * of re-running the whole prefix. Prompts are prefilled one sequence at a time (a GEMM over
 * the prompt's rows); then every unfinished sequence advances one token per step, as rows
 * of the same GEMMs ({@link DecodeBatch}, which also lets sequences join and leave between
 * steps). Identical prompts added together are prefilled once and share the prompt's cached
 * keys and values ({@link Sequence}). The weights are snapshotted at construction: build a new
 * Generator after training changes them. The weights are only read, so calls may run
 * concurrently, but they would compete for the same cores and memory bandwidth: a server
 * shares one generator through one decode loop instead.
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
     * Sequence s samples from the random stream (seed, s).
     */
    public List<Result> generate(List<int[]> prompts, SamplingConfig sc, int eotId, StopCondition stop, Listener listener) {
        for (int[] p : prompts) checkPrompt(p);
        int[] ends = eotId >= 0 ? new int[]{eotId} : new int[0];
        DecodeBatch batch = new DecodeBatch(this);
        List<Sequence> seqs = new ArrayList<>();
        for (int s = 0; s < prompts.size(); s++) seqs.add(batch.add(prompts.get(s), sc, s, s, ends, stop, listener));
        while (batch.size() > 0) batch.step();
        List<Result> results = new ArrayList<>();
        for (Sequence s : seqs) results.add(new Result(s.tokens(), s.finish()));
        return results;
    }

    void checkPrompt(int[] p) {
        if (p.length == 0) throw new IllegalArgumentException("empty prompt: give at least one token (e.g. the end-of-text token)");
        if (p.length > cfg.blockSize())
            throw new IllegalArgumentException("prompt of " + p.length + " tokens does not fit the context of " + cfg.blockSize() + " tokens");
    }

    /**
     * Writes {@code toks} at positions 0.. of sequence s's cache, a fresh prefix of its own (any
     * prefix it had stays intact for the sequences sharing it); returns the logits after the last one.
     */
    float[] prefill(Sequence s, int[] toks) {
        int n = toks.length;
        s.ownPrefix(n);
        Sequence[] rows = new Sequence[n];
        int[] pos = new int[n];
        Arrays.fill(rows, s);
        for (int i = 0; i < n; i++) pos[i] = i;
        return forward(rows, toks, pos, new int[]{n - 1});
    }

    /**
     * Runs rows (token, sequence, position) through the model, appending their keys/values to
     * each sequence's cache, and returns logits for the rows listed in {@code logitRows}.
     * Rows of different sequences share every weight GEMM; that is what makes batching cheap.
     */
    float[] forward(Sequence[] seqs, int[] toks, int[] pos, int[] logitRows) {
        int r = toks.length, c = cfg.nEmbd(), h = cfg.nHead(), hd = cfg.headSize();
        float[] x = new float[r * c], t = new float[r * c], qkv = new float[r * 3 * c], att = new float[r * c], ff = new float[r * 4 * c];
        for (int i = 0; i < r; i++) {
            if (toks[i] < 0 || toks[i] >= cfg.vocabSize()) throw new IllegalArgumentException("token id " + toks[i] + " out of range");
            for (int j = 0; j < c; j++) x[i * c + j] = wte[toks[i] * c + j] + wpe[pos[i] * c + j];
        }
        final int maxPos = Arrays.stream(pos).max().orElse(0);
        for (int l = 0; l < layers.length; l++) {
            Layer L = layers[l];
            layerNorm(x, t, r, c, L.ln1W, L.ln1B);
            linear(t, r, L.attn, L.attnB, qkv);
            final int layer = l;
            for (int i = 0; i < r; i++) {
                Sequence s = seqs[i];
                float[] kc = s.keys(l, pos[i]), vc = s.values(l, pos[i]);
                for (int hh = 0; hh < h; hh++) {
                    int o = s.offset(hh, pos[i]);
                    System.arraycopy(qkv, i * 3 * c + c + hh * hd, kc, o, hd);
                    System.arraycopy(qkv, i * 3 * c + 2 * c + hh * hd, vc, o, hd);
                }
            }
            float scale = (float) (1.0 / Math.sqrt(hd));
            Arrays.fill(att, 0f);
            Parallel.forRange(r * h, (long) (maxPos + 1) * hd * 2, (from, to) -> {
                float[] sc = new float[maxPos + 1];
                for (int task = from; task < to; task++) {
                    int i = task / h, hh = task % h, n = pos[i] + 1;
                    Sequence s = seqs[i];
                    // Positions [0, split) are in the (possibly shared) prefix, the rest in the
                    // sequence's own cache (none when n <= split); the prefix's part then the
                    // own part keep the order of j, so the sums do not depend on where a
                    // position is stored.
                    int split = Math.min(n, s.prefixLength);
                    float[] pk = s.pk[layer], pv = s.pv[layer], kc = s.k[layer], vc = s.v[layer];
                    int pBase = s.offset(hh, 0), oBase = s.offset(hh, s.prefixLength);
                    int qo = i * 3 * c + hh * hd;
                    VecMath.dotRows(qkv, qo, pk, pBase, hd, hd, split, scale, sc, 0);
                    VecMath.dotRows(qkv, qo, kc, oBase, hd, hd, n - split, scale, sc, split);
                    float m = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) m = Math.max(m, sc[j]);
                    float sum = VecMath.expShiftSum(sc, 0, sc, 0, n, m);
                    float inv = 1f / sum;
                    for (int j = 0; j < n; j++) sc[j] *= inv;
                    int ao = i * c + hh * hd;
                    VecMath.axpyRows(sc, 0, pv, pBase, hd, hd, split, att, ao);
                    VecMath.axpyRows(sc, split, vc, oBase, hd, hd, n - split, att, ao);
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
