package dev.jgpt.model;

import dev.jgpt.tensor.Attention;
import dev.jgpt.tensor.GradMode;
import dev.jgpt.tensor.HeadLoss;
import dev.jgpt.tensor.NnOps;
import dev.jgpt.tensor.Ops;
import dev.jgpt.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A GPT-2 decoder-only transformer (pre-norm blocks, learned positions, tied input and
 * output embeddings), readable in one sitting like nanoGPT's model.py.
 *
 * <p>Parameters are kept under their Hugging Face GPT-2 names ({@code wte.weight},
 * {@code h.0.attn.c_attn.weight}, ...) with Conv1D weights as [in, out], so a checkpoint
 * is a plain name-to-array map in either direction, with no transposes.
 */
public final class Gpt {
    private final GptConfig config;
    private final LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();

    private Gpt(GptConfig config) { this.config = config; }

    public GptConfig config() { return config; }

    /** Parameters in a stable order (the checkpoint order). */
    public Map<String, Tensor> parameters() { return params; }

    public Tensor param(String name) {
        Tensor t = params.get(name);
        if (t == null) throw new IllegalArgumentException("no parameter " + name);
        return t;
    }

    /** The names and shapes of every parameter of a model with this config (GPT-2's layout). */
    public static LinkedHashMap<String, int[]> shapes(GptConfig cfg) {
        return dev.jgpt.model.io.Gpt2Layout.expectedShapes(cfg);
    }

    /**
     * GPT-2 initialisation: N(0, 0.02) weights, zero biases, unit norms, and residual
     * projections (c_proj) scaled by 1/sqrt(2 * n_layer) so the residual stream's variance
     * does not grow with depth.
     */
    public static Gpt init(GptConfig cfg, long seed) {
        Gpt m = new Gpt(cfg);
        Random rng = new Random(seed);
        float projStd = (float) (0.02 / Math.sqrt(2.0 * cfg.nLayer()));
        for (Map.Entry<String, int[]> e : shapes(cfg).entrySet()) {
            String name = e.getKey();
            int[] shape = e.getValue();
            float[] d = new float[Tensor.numel(shape)];
            if (name.contains("ln_") && name.endsWith(".weight")) java.util.Arrays.fill(d, 1f);
            else if (name.endsWith(".weight")) {
                float std = name.endsWith("c_proj.weight") ? projStd : 0.02f;
                for (int i = 0; i < d.length; i++) d[i] = (float) (rng.nextGaussian() * std);
            }
            m.params.put(name, Tensor.parameter(d, shape));
        }
        return m;
    }

    /** A model from named arrays (a loaded checkpoint); names and shapes must match {@link #shapes}. */
    public static Gpt fromArrays(GptConfig cfg, Map<String, float[]> arrays) {
        Gpt m = new Gpt(cfg);
        for (Map.Entry<String, int[]> e : shapes(cfg).entrySet()) {
            float[] d = arrays.get(e.getKey());
            if (d == null) throw new IllegalArgumentException("missing tensor " + e.getKey());
            if (d.length != Tensor.numel(e.getValue()))
                throw new IllegalArgumentException("tensor " + e.getKey() + " has " + d.length + " values, expected " + Tensor.numel(e.getValue()));
            m.params.put(e.getKey(), Tensor.parameter(d, e.getValue()));
        }
        return m;
    }

    /** Options for one forward pass; dropout needs a seed so a training run is reproducible. */
    public record Pass(boolean training, long dropoutSeed, boolean recompute) {
        public static final Pass EVAL = new Pass(false, 0, false);

        public Pass(boolean training, long dropoutSeed) { this(training, dropoutSeed, false); }
    }

    /** Final hidden states (after ln_f), [B*T, C], for ids laid out as B rows of T tokens. */
    public Tensor hidden(int[] ids, int batch, int seq, Pass pass) {
        if (seq > config.blockSize())
            throw new IllegalArgumentException("sequence length " + seq + " exceeds the context of " + config.blockSize() + " tokens");
        if (ids.length != batch * seq) throw new IllegalArgumentException("expected " + batch * seq + " ids, got " + ids.length);
        int[] positions = new int[ids.length];
        for (int i = 0; i < ids.length; i++) positions[i] = i % seq;
        Tensor x = Ops.embeddingSum(params.get("wte.weight"), ids, params.get("wpe.weight"), positions).recycleDataAfterBackward();
        x = dropout(x, pass, 0);
        for (int l = 0; l < config.nLayer(); l++)
            x = pass.recompute() && GradMode.isEnabled() && x.requiresGrad() ? recomputedBlock(x, l, batch, seq, pass) : block(x, l, batch, seq, pass);
        return norm(x, "ln_f");
    }

    /** One transformer block: x + attn(ln_1(x)), then + mlp(ln_2(.)). */
    private Tensor block(Tensor x, int l, int batch, int seq, Pass pass) {
        boolean fuse = !pass.training() || config.dropout() <= 0f;
        String p = "h." + l + ".";
        // Every result below is a fresh array used only inside the graph, so the backward pass
        // may recycle it for the next step's forward pass.
        Tensor a = normLinear(x, p + "ln_1", p + "attn.c_attn").recycleDataAfterBackward();
        a = Attention.causalSelfAttention(a, batch, seq, config.nHead()).recycleDataAfterBackward();
        // Without dropout the residual adds fold into the projections (less memory kept).
        x = fuse ? linear(a, p + "attn.c_proj", x) : Ops.add(x, dropout(linear(a, p + "attn.c_proj", null), pass, 2 * l + 1));
        x.recycleDataAfterBackward();
        Tensor f = normLinear(x, p + "ln_2", p + "mlp.c_fc").recycleDataAfterBackward();
        Tensor w = params.get(p + "mlp.c_proj.weight"), b = params.get(p + "mlp.c_proj.bias");
        Tensor out = fuse ? NnOps.geluLinear(f, w, b, x) : Ops.add(x, dropout(NnOps.geluLinear(f, w, b, null), pass, 2 * l + 2));
        return out.recycleDataAfterBackward();
    }

    /**
     * Activation checkpointing: runs the block without recording, keeps only its input, and
     * re-runs it with recording inside the backward pass. Trades one extra forward pass for
     * not holding every block's activations at once.
     */
    private Tensor recomputedBlock(Tensor x, int l, int batch, int seq, Pass pass) {
        Tensor out;
        try (var g = GradMode.off()) {
            out = block(x, l, batch, seq, pass);
        }
        return Tensor.result("checkpointed_block", out.data, out.shape, t -> {
            Tensor in = Tensor.parameter(t.parent(0).data, t.parent(0).shape);
            Tensor again = block(in, l, batch, seq, pass);   // same dropout seeds: same values
            again.backward(t.grad());
            dev.jgpt.tensor.VecMath.addInto(t.parent(0).gradOrZeros(), 0, in.grad(), 0, in.numel());
        }, x);
    }

    /** Next-token logits [rows, V] from hidden states, through the tied embedding. */
    public Tensor logits(Tensor hidden) {
        return Ops.matmul(hidden, params.get("wte.weight"), false, true);
    }

    /** Mean next-token cross-entropy; targets equal to -1 are ignored. */
    public Tensor loss(int[] ids, int[] targets, int batch, int seq, Pass pass) {
        // The hidden states do not leave this method, and the head's backward does not read them.
        Tensor h = hidden(ids, batch, seq, pass).recycleDataAfterBackward();
        return HeadLoss.tiedHeadCrossEntropy(h, params.get("wte.weight"), targets, -1);
    }

    private Tensor norm(Tensor x, String name) {
        return NnOps.layerNorm(x, params.get(name + ".weight"), params.get(name + ".bias"), GptConfig.LAYER_NORM_EPS);
    }

    /** linear(norm(x)), fused: the normalised activations are recomputed, not kept. */
    private Tensor normLinear(Tensor x, String norm, String name) {
        return NnOps.layerNormLinear(x, params.get(norm + ".weight"), params.get(norm + ".bias"), GptConfig.LAYER_NORM_EPS,
                params.get(name + ".weight"), params.get(name + ".bias"));
    }

    private Tensor linear(Tensor x, String name, Tensor residual) {
        return NnOps.linear(x, params.get(name + ".weight"), params.get(name + ".bias"), residual);
    }

    private Tensor dropout(Tensor x, Pass pass, int site) {
        if (!pass.training() || config.dropout() <= 0f) return x;
        return NnOps.dropout(x, config.dropout(), pass.dropoutSeed() * 1_000_003L + site);
    }

    /** Number of parameters (tied embedding counted once). */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : params.values()) n += t.numel();
        return n;
    }
}
