package dev.jgpt.tensor;

/**
 * Output head and cross-entropy fused: mean over rows of -log softmax(h W^T)[target] for
 * hidden states h [N, C] and a (tied) embedding W [V, C].
 *
 * <p>Why fused: the logits (N x V, 33 MB for a 2,048-token step with a 4,096 vocabulary),
 * their softmax and their gradient would otherwise all be alive at once. Because the loss is
 * the end of the graph, its gradient with respect to h and W can be formed right away,
 * chunk by chunk through one reusable logits buffer; backward then only scales those two
 * small results by the upstream gradient. Same FLOPs as the unfused path, a fraction of
 * the memory.
 */
public final class HeadLoss {
    private HeadLoss() {}

    public static Tensor tiedHeadCrossEntropy(Tensor hidden, Tensor weight, int[] targets, int ignoreIndex) {
        // Chunks as large as the shared work slot allows (1,024 rows at a 4,096 vocabulary):
        // each chunk copies W to BLAS again, so fewer chunks are faster.
        return tiedHeadCrossEntropy(hidden, weight, targets, ignoreIndex, Math.max(1, Scratch.WORK_FLOATS / weight.shape[0]));
    }

    /** With at most {@code chunkRows} rows of logits at a time. */
    static Tensor tiedHeadCrossEntropy(Tensor hidden, Tensor weight, int[] targets, int ignoreIndex, int chunkRows) {
        int c = hidden.dim(-1), n = hidden.numel() / c, v = weight.shape[0];
        if (weight.shape[1] != c) throw new IllegalArgumentException("head weight " + java.util.Arrays.toString(weight.shape) + " does not match hidden width " + c);
        if (targets.length != n) throw new IllegalArgumentException(n + " rows but " + targets.length + " targets");
        int counted = 0;
        for (int t : targets) if (t != ignoreIndex) {
            if (t < 0 || t >= v) throw new IllegalArgumentException("target " + t + " out of range [0, " + v + ")");
            counted++;
        }
        boolean grad = GradMode.isEnabled() && (hidden.requiresGrad() || weight.requiresGrad());
        float[] dH = grad && hidden.requiresGrad() ? GradPool.forOutput(n * c) : null;   // written chunk by chunk (beta 0)
        float[] dW = grad && weight.requiresGrad() ? GradPool.take(v * c) : null;
        Gemm g = Gemms.get();
        int rowsPerChunk = Math.min(n, chunkRows);
        float[] logits = Scratch.get(Scratch.WORK, rowsPerChunk * v);
        double[] rowLoss = new double[n];
        float inv = counted == 0 ? 0f : 1f / counted;
        for (int r0 = 0; r0 < n; r0 += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, n - r0);
            final int base = r0;
            g.sgemm(false, true, rows, v, c, 1f, hidden.data, r0 * c, c, weight.data, 0, c, 0f, logits, 0, v);
            Parallel.forRange(rows, v * 4L, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int t = targets[base + i], o = i * v;
                    if (t == ignoreIndex) {
                        java.util.Arrays.fill(logits, o, o + v, 0f);
                        continue;
                    }
                    float target = logits[o + t];
                    float m = VecMath.max(logits, o, v);
                    float s = VecMath.expShiftSum(logits, o, logits, o, v, m);
                    rowLoss[base + i] = Math.log(s) + m - target;
                    // logits row becomes d(loss)/d(logits) = (softmax - onehot) / count
                    VecMath.scale(logits, o, v, inv / s);
                    logits[o + t] -= inv;
                }
            });
            if (grad) {
                if (dH != null) g.sgemm(false, false, rows, c, v, 1f, logits, 0, v, weight.data, 0, c, 0f, dH, r0 * c, c);
                if (dW != null) g.sgemm(true, false, v, c, rows, 1f, logits, 0, v, hidden.data, r0 * c, c, 1f, dW, 0, c);
            }
        }
        double total = 0;
        for (double l : rowLoss) total += l;
        float loss = counted == 0 ? 0f : (float) (total / counted);
        return Tensor.result("head_cross_entropy", new float[]{loss}, new int[0], t -> {
            float up = t.grad[0];
            Tensor ph = t.parent(0), pw = t.parent(1);
            if (dH != null && Tensor.needsGrad(ph)) VecMath.axpy(up, dH, 0, ph.gradOrZeros(), 0, dH.length);
            if (dW != null && Tensor.needsGrad(pw)) VecMath.axpy(up, dW, 0, pw.gradOrZeros(), 0, dW.length);
            // Used up, and nothing else holds them: the next step's head takes them again.
            if (dH != null) GradPool.give(dH);
            if (dW != null) GradPool.give(dW);
        }, hidden, weight);
    }
}
