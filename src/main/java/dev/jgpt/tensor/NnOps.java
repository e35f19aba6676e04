package dev.jgpt.tensor;

import java.util.SplittableRandom;

/**
 * Fused neural-network ops. Each keeps exactly the state its backward pass needs
 * (e.g. layer norm keeps per-row mean and 1/std, not the normalised activations).
 */
public final class NnOps {
    private NnOps() {}

    /** y = x W + b for x [..., in], W [in, out] (GPT-2's Conv1D layout), b [out] or null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, null);
    }

    /**
     * y = residual + x W + b. Folding the residual add into the product saves the separate
     * projection output that an unfused add would keep alive until the backward pass.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b, Tensor residual) {
        int in = w.shape[0], out = w.shape[1];
        if (x.dim(-1) != in) throw new IllegalArgumentException("linear: input width " + x.dim(-1) + " != weight rows " + in);
        int rows = x.numel() / in;
        if (residual != null && residual.numel() != rows * out) throw new IllegalArgumentException("linear: residual shape does not match output");
        float[] y = initOutput(rows, out, b, residual);
        Gemm g = Gemms.get();
        g.sgemm(false, false, rows, out, in, 1f, x.data, 0, in, w.data, 0, out, b != null || residual != null ? 1f : 0f, y, 0, out);
        int[] shape = x.shape.clone();
        shape[shape.length - 1] = out;
        return Tensor.result("linear", y, shape, t -> {
            float[] dy = t.grad;
            Tensor px = t.parent(0), pw = t.parent(1), pb = t.parent(2), pr = t.parent(3);
            if (Tensor.needsGrad(px)) g.sgemm(false, true, rows, in, out, 1f, dy, 0, out, w.data, 0, out, 1f, px.gradOrZeros(), 0, in);
            if (Tensor.needsGrad(pw)) g.sgemm(true, false, in, out, rows, 1f, x.data, 0, in, dy, 0, out, 1f, pw.gradOrZeros(), 0, out);
            biasAndResidualGrad(dy, rows, out, pb, pr);
        }, x, w, b, residual);
    }

    /**
     * y = residual + gelu(h) W + b: the MLP's second half. Only h is kept; gelu(h) (as large
     * as h) is recomputed in the backward pass rather than held for the whole step.
     */
    public static Tensor geluLinear(Tensor h, Tensor w, Tensor b, Tensor residual) {
        return geluLinear(h, w, b, residual, Math.max(1, Scratch.WORK_FLOATS / w.shape[0]));
    }

    /**
     * With {@code blockRows} rows of gelu(h) at a time, so the recomputed activations (and
     * then their gradient, in the same array) stay within the shared work slot. Every block
     * copies W to BLAS once more, so the default is one block up to {@link Scratch#WORK_FLOATS}.
     */
    static Tensor geluLinear(Tensor h, Tensor w, Tensor b, Tensor residual, int blockRows) {
        int in = w.shape[0], out = w.shape[1];
        if (h.dim(-1) != in) throw new IllegalArgumentException("geluLinear: input width " + h.dim(-1) + " != weight rows " + in);
        int rows = h.numel() / in, block = Math.min(rows, blockRows);
        float[] hd = h.data;
        float[] y = initOutput(rows, out, b, residual);
        Gemm g = Gemms.get();
        float beta = b != null || residual != null ? 1f : 0f;
        for (int r0 = 0; r0 < rows; r0 += block) {
            int n = Math.min(block, rows - r0) * in;
            float[] act = geluBlock(hd, r0 * in, n);
            g.sgemm(false, false, n / in, out, in, 1f, act, 0, in, w.data, 0, out, beta, y, r0 * out, out);
        }
        int[] shape = h.shape.clone();
        shape[shape.length - 1] = out;
        return Tensor.result("gelu_linear", y, shape, t -> {
            float[] dy = t.grad;
            Tensor ph = t.parent(0), pw = t.parent(1), pb = t.parent(2), pr = t.parent(3);
            float[] dw = Tensor.needsGrad(pw) ? pw.gradOrZeros() : null, dh = Tensor.needsGrad(ph) ? ph.gradOrZeros() : null;
            for (int r0 = 0; r0 < rows; r0 += block) {
                int m = Math.min(block, rows - r0), n = m * in, off = r0 * in;
                if (dw != null) g.sgemm(true, false, in, out, m, 1f, geluBlock(hd, off, n), 0, in, dy, r0 * out, out, 1f, dw, 0, out);
                if (dh != null) {
                    float[] da = Scratch.get(Scratch.WORK, n);   // the activations are used up
                    g.sgemm(false, true, m, in, out, 1f, dy, r0 * out, out, w.data, 0, out, 0f, da, 0, in);
                    Parallel.forRange(n, 24, (from, to) -> VecMath.geluBackward(hd, off + from, da, from, dh, off + from, to - from));
                }
            }
            biasAndResidualGrad(dy, rows, out, pb, pr);
        }, h, w, b, residual);
    }

    /** gelu(h[off, off + n)) into the work slot. */
    private static float[] geluBlock(float[] h, int off, int n) {
        float[] act = Scratch.get(Scratch.WORK, n);
        Parallel.forRange(n, 16, (from, to) -> VecMath.gelu(h, off + from, act, from, to - from));
        return act;
    }

    private static float[] initOutput(int rows, int out, Tensor b, Tensor residual) {
        float[] y;
        if (residual != null) {
            y = GradPool.forOutput(rows * out);
            System.arraycopy(residual.data, 0, y, 0, y.length);
        } else if (b != null) y = GradPool.forOutput(rows * out);   // every row gets the bias below
        else return new float[rows * out];
        if (b != null) {
            if (residual == null) for (int r = 0; r < rows; r++) System.arraycopy(b.data, 0, y, r * out, out);
            else for (int r = 0; r < rows; r++) VecMath.addInto(y, r * out, b.data, 0, out);
        }
        return y;
    }

    private static void biasAndResidualGrad(float[] dy, int rows, int out, Tensor pb, Tensor pr) {
        if (Tensor.needsGrad(pb)) {
            float[] db = pb.gradOrZeros();
            for (int r = 0; r < rows; r++) VecMath.addInto(db, 0, dy, r * out, out);
        }
        if (Tensor.needsGrad(pr)) VecMath.addInto(pr.gradOrZeros(), 0, dy, 0, dy.length);
    }

    /** Layer normalisation over the last dimension with optional affine weight and bias. */
    public static Tensor layerNorm(Tensor x, Tensor w, Tensor b, float eps) {
        int c = x.dim(-1), rows = x.numel() / c;
        float[] xd = x.data, y = GradPool.forOutput(xd.length), mean = new float[rows], rstd = new float[rows];
        LayerNormKernels.forward(xd, data(w), data(b), y, mean, rstd, rows, c, eps);
        return Tensor.result("layernorm", y, x.shape.clone(), t -> {
            Tensor px = t.parent(0), pw = t.parent(1), pb = t.parent(2);
            LayerNormKernels.backward(xd, mean, rstd, data(w), t.grad, gradOrNull(px), gradOrNull(pw), gradOrNull(pb), rows, c);
        }, x, w, b);
    }

    /**
     * linear(layerNorm(x)): the normalised activations live only in the work slot and are
     * recomputed (one pass, from x and the kept row statistics) for the weight gradient,
     * instead of being held for the whole step. Same values as the two ops unfused.
     */
    public static Tensor layerNormLinear(Tensor x, Tensor lnW, Tensor lnB, float eps, Tensor w, Tensor b) {
        int c = x.dim(-1), rows = x.numel() / c, out = w.shape[1];
        if (w.shape[0] != c) throw new IllegalArgumentException("layerNormLinear: input width " + c + " != weight rows " + w.shape[0]);
        float[] xd = x.data, mean = new float[rows], rstd = new float[rows];
        float[] normed = Scratch.get(Scratch.WORK, rows * c);
        LayerNormKernels.forward(xd, data(lnW), data(lnB), normed, mean, rstd, rows, c, eps);
        float[] y = initOutput(rows, out, b, null);
        Gemm g = Gemms.get();
        g.sgemm(false, false, rows, out, c, 1f, normed, 0, c, w.data, 0, out, b != null ? 1f : 0f, y, 0, out);
        int[] shape = x.shape.clone();
        shape[shape.length - 1] = out;
        return Tensor.result("layernorm_linear", y, shape, t -> {
            float[] dy = t.grad;
            Tensor px = t.parent(0), pg = t.parent(1), pbeta = t.parent(2), pw = t.parent(3), pb = t.parent(4);
            if (Tensor.needsGrad(pw)) {
                float[] n = Scratch.get(Scratch.WORK, rows * c);
                LayerNormKernels.apply(xd, mean, rstd, data(lnW), data(lnB), n, rows, c);
                g.sgemm(true, false, c, out, rows, 1f, n, 0, c, dy, 0, out, 1f, pw.gradOrZeros(), 0, out);
            }
            biasAndResidualGrad(dy, rows, out, pb, null);
            if (Tensor.needsGrad(px) || Tensor.needsGrad(pg) || Tensor.needsGrad(pbeta)) {
                float[] dn = Scratch.get(Scratch.WORK, rows * c);   // the normalised rows are used up
                g.sgemm(false, true, rows, c, out, 1f, dy, 0, out, w.data, 0, out, 0f, dn, 0, c);
                LayerNormKernels.backward(xd, mean, rstd, data(lnW), dn, gradOrNull(px), gradOrNull(pg), gradOrNull(pbeta), rows, c);
            }
        }, x, lnW, lnB, w, b);
    }

    private static float[] data(Tensor t) { return t == null ? null : t.data; }

    private static float[] gradOrNull(Tensor t) { return Tensor.needsGrad(t) ? t.gradOrZeros() : null; }

    /** GELU, GPT-2's tanh approximation ("gelu_new"). */
    public static Tensor gelu(Tensor x) {
        float[] xd = x.data, y = new float[xd.length];
        int n = xd.length;
        Parallel.forRange(n, 16, (from, to) -> VecMath.gelu(xd, from, y, from, to - from));
        return Tensor.result("gelu", y, x.shape.clone(), t -> {
            float[] dx = t.parent(0).gradOrZeros(), dy = t.grad;
            Parallel.forRange(n, 24, (from, to) -> VecMath.geluBackward(xd, from, dy, from, dx, from, to - from));
        }, x);
    }

    /** Softmax over the last dimension. */
    public static Tensor softmax(Tensor x) {
        int c = x.dim(-1), rows = x.numel() / c;
        float[] xd = x.data, y = new float[xd.length];
        Parallel.forRange(rows, c * 4L, (from, to) -> {
            for (int r = from; r < to; r++) softmaxRow(xd, y, r * c, c);
        });
        return Tensor.result("softmax", y, x.shape.clone(), t -> {
            float[] dx = t.parent(0).gradOrZeros(), dy = t.grad;
            Parallel.forRange(rows, c * 4L, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int o = r * c;
                    float dot = VecMath.dot(dy, o, y, o, c);
                    for (int i = 0; i < c; i++) dx[o + i] += y[o + i] * (dy[o + i] - dot);
                }
            });
        }, x);
    }

    static void softmaxRow(float[] x, float[] y, int o, int c) {
        float m = VecMath.max(x, o, c);
        float s = VecMath.expShiftSum(x, o, y, o, c, m);
        VecMath.scale(y, o, c, 1f / s);
    }

    /** log-softmax over the last dimension. */
    public static Tensor logSoftmax(Tensor x) {
        int c = x.dim(-1), rows = x.numel() / c;
        float[] xd = x.data, y = new float[xd.length];
        Parallel.forRange(rows, c * 4L, (from, to) -> {
            float[] tmp = new float[c];
            for (int r = from; r < to; r++) {
                int o = r * c;
                float m = VecMath.max(xd, o, c);
                float lse = m + (float) Math.log(VecMath.expShiftSum(xd, o, tmp, 0, c, m));
                for (int i = 0; i < c; i++) y[o + i] = xd[o + i] - lse;
            }
        });
        return Tensor.result("log_softmax", y, x.shape.clone(), t -> {
            float[] dx = t.parent(0).gradOrZeros(), dy = t.grad;
            Parallel.forRange(rows, c * 4L, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int o = r * c;
                    float s = VecMath.sum(dy, o, c);
                    for (int i = 0; i < c; i++) dx[o + i] += dy[o + i] - (float) Math.exp(y[o + i]) * s;
                }
            });
        }, x);
    }

    /**
     * Mean cross-entropy of logits [N, V] against integer targets; rows whose target equals
     * {@code ignoreIndex} contribute nothing (and do not count in the mean). The softmax
     * computed in the forward pass is kept and turned into the gradient in place.
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets, int ignoreIndex) {
        int v = logits.dim(-1), rows = logits.numel() / v;
        if (targets.length != rows) throw new IllegalArgumentException("cross-entropy: " + rows + " rows but " + targets.length + " targets");
        float[] xd = logits.data;
        boolean keep = GradMode.isEnabled() && logits.requiresGrad();
        float[] probs = keep ? new float[xd.length] : null;
        double[] rowLoss = new double[rows];
        int counted = 0;
        for (int t : targets) if (t != ignoreIndex) {
            if (t < 0 || t >= v) throw new IllegalArgumentException("target " + t + " out of range [0, " + v + ")");
            counted++;
        }
        Parallel.forRange(rows, v * 4L, (from, to) -> {
            float[] tmp = probs == null ? new float[v] : null;
            for (int r = from; r < to; r++) {
                if (targets[r] == ignoreIndex) continue;
                int o = r * v;
                float m = VecMath.max(xd, o, v);
                float s = probs != null ? VecMath.expShiftSum(xd, o, probs, o, v, m) : VecMath.expShiftSum(xd, o, tmp, 0, v, m);
                rowLoss[r] = Math.log(s) + m - xd[o + targets[r]];
                if (probs != null) VecMath.scale(probs, o, v, 1f / s);
            }
        });
        double total = 0;
        for (double l : rowLoss) total += l;
        int n = counted;
        float loss = n == 0 ? 0f : (float) (total / n);
        return Tensor.result("cross_entropy", new float[]{loss}, new int[0], t -> {
            if (n == 0) return;
            float[] dx = t.parent(0).gradOrZeros();
            float g = t.grad[0] / n;
            Parallel.forRange(rows, v * 2L, (from, to) -> {
                for (int r = from; r < to; r++) {
                    if (targets[r] == ignoreIndex) continue;
                    int o = r * v;
                    VecMath.axpy(g, probs, o, dx, o, v);
                    dx[o + targets[r]] -= g;
                }
            });
        }, logits);
    }

    /**
     * Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p).
     * The mask comes from {@code seed}, so a run is reproducible.
     */
    public static Tensor dropout(Tensor x, float p, long seed) {
        if (p <= 0f) return x;
        float[] xd = x.data, y = new float[xd.length];
        float keepScale = 1f / (1f - p);
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] kept = new boolean[xd.length];
        for (int i = 0; i < xd.length; i++) {
            kept[i] = rng.nextDouble() >= p;
            y[i] = kept[i] ? xd[i] * keepScale : 0f;
        }
        return Tensor.result("dropout", y, x.shape.clone(), t -> {
            float[] dx = t.parent(0).gradOrZeros(), dy = t.grad;
            for (int i = 0; i < dy.length; i++) if (kept[i]) dx[i] += dy[i] * keepScale;
        }, x);
    }
}
