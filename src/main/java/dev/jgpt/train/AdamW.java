package dev.jgpt.train;

import dev.jgpt.tensor.Parallel;
import dev.jgpt.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter): Adam with weight decay applied to the weights directly,
 * not through the gradient. Following GPT-2/nanoGPT, only matrices (rank >= 2: embeddings
 * and projections) decay; biases and layer-norm gains do not.
 */
public final class AdamW {
    public record Hyper(float beta1, float beta2, float eps, float weightDecay) {
        public static Hyper gpt() { return new Hyper(0.9f, 0.95f, 1e-8f, 0.1f); }
    }

    private final List<String> names = new ArrayList<>();
    private final List<Tensor> params = new ArrayList<>();
    private final List<float[]> m = new ArrayList<>(), v = new ArrayList<>();
    private final Hyper hyper;
    private long step;

    public AdamW(Map<String, Tensor> parameters, Hyper hyper) {
        this.hyper = hyper;
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            names.add(e.getKey());
            params.add(e.getValue());
            m.add(new float[e.getValue().numel()]);
            v.add(new float[e.getValue().numel()]);
        }
    }

    public long step() { return step; }

    /** Applies one update with learning rate lr to every parameter that has a gradient. */
    public void update(float lr) {
        step++;
        float b1 = hyper.beta1(), b2 = hyper.beta2(), eps = hyper.eps();
        float c1 = (float) (1 - Math.pow(b1, step)), c2 = (float) (1 - Math.pow(b2, step));
        for (int p = 0; p < params.size(); p++) {
            Tensor t = params.get(p);
            float[] g = t.grad();
            if (g == null) continue;
            float[] w = t.data, mp = m.get(p), vp = v.get(p);
            float decay = t.rank() >= 2 ? 1f - lr * hyper.weightDecay() : 1f;
            Parallel.forRange(w.length, 16, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = g[i];
                    float mi = b1 * mp[i] + (1 - b1) * gi;
                    float vi = b2 * vp[i] + (1 - b2) * gi * gi;
                    mp[i] = mi;
                    vp[i] = vi;
                    float mhat = mi / c1, vhat = vi / c2;
                    w[i] = w[i] * decay - lr * mhat / ((float) Math.sqrt(vhat) + eps);
                }
            });
        }
    }

    /** Sets every gradient to zero (kept allocated, to be reused by the next step). */
    public void zeroGrad() {
        for (Tensor t : params) t.zeroGrad();
    }

    /**
     * Scales gradients so their global L2 norm is at most maxNorm; returns the norm before
     * clipping (logged: spikes in it are the first sign of a diverging run).
     */
    public float clipGradNorm(float maxNorm) {
        double sq = 0;
        for (Tensor t : params) {
            float[] g = t.grad();
            if (g == null) continue;
            for (float x : g) sq += (double) x * x;
        }
        float norm = (float) Math.sqrt(sq);
        if (maxNorm > 0 && norm > maxNorm) {
            float s = maxNorm / (norm + 1e-6f);
            for (Tensor t : params) {
                float[] g = t.grad();
                if (g == null) continue;
                for (int i = 0; i < g.length; i++) g[i] *= s;
            }
        }
        return norm;
    }

    /** Moment buffers by name ({@code exp_avg.<param>}, {@code exp_avg_sq.<param>}), for checkpoints. */
    public LinkedHashMap<String, float[]> state() {
        LinkedHashMap<String, float[]> s = new LinkedHashMap<>();
        for (int p = 0; p < names.size(); p++) {
            s.put("exp_avg." + names.get(p), m.get(p));
            s.put("exp_avg_sq." + names.get(p), v.get(p));
        }
        return s;
    }

    /** Restores moments saved by {@link #state()} and the step count. */
    public void load(Map<String, float[]> state, long step) {
        for (int p = 0; p < names.size(); p++) {
            float[] a = state.get("exp_avg." + names.get(p)), b = state.get("exp_avg_sq." + names.get(p));
            if (a == null || b == null || a.length != m.get(p).length || b.length != v.get(p).length)
                throw new IllegalArgumentException("optimizer state does not match parameter " + names.get(p));
            System.arraycopy(a, 0, m.get(p), 0, a.length);
            System.arraycopy(b, 0, v.get(p), 0, b.length);
        }
        this.step = step;
    }
}
