package dev.jgpt.tensor;

/**
 * Fused causal multi-head self-attention: softmax(Q K^T / sqrt(d) + causal mask) V for all
 * heads, from one packed [B*T, 3C] projection (GPT-2's c_attn output) to [B*T, C].
 *
 * <p>Heads are first laid out contiguously ([B, H, T, d]) so each head's products are
 * plain strided-batched GEMMs. The backward pass needs the attention probabilities P
 * (B*H*T*T floats); nothing else of size T x T is kept, and no graph is built per head.
 */
public final class Attention {
    private Attention() {}

    public static Tensor causalSelfAttention(Tensor qkv, int batch, int seq, int nHead) {
        int c3 = qkv.dim(-1), c = c3 / 3, hd = c / nHead;
        if (c3 != 3 * c || c != hd * nHead) throw new IllegalArgumentException("qkv width " + c3 + " is not 3 * n_head * head_size");
        if (qkv.numel() != batch * seq * c3) throw new IllegalArgumentException("qkv has " + qkv.numel() + " values, expected B*T*3C = " + batch * seq * c3);
        int bh = batch * nHead, headLen = seq * hd, tt = seq * seq;
        float[] q = Scratch.get("attn.q", bh * headLen), k = Scratch.get("attn.k", bh * headLen), v = Scratch.get("attn.v", bh * headLen);
        splitHeads(qkv.data, q, k, v, batch, seq, nHead, hd);
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] p = Scratch.get("attn.p", bh * tt);
        float[] lse = new float[bh * seq];
        Gemm g = Gemms.batchedSmall();
        scores(g, q, k, p, seq, hd, bh, scale);
        Parallel.forRange(bh * seq, seq * 4L, (from, to) -> {
            for (int row = from; row < to; row++) {
                int i = row % seq, o = row * seq;
                float m = VecMath.max(p, o, i + 1);
                float sum = VecMath.expShiftSum(p, o, p, o, i + 1, m);
                VecMath.scale(p, o, i + 1, 1f / sum);
                lse[row] = m + (float) Math.log(sum);
                java.util.Arrays.fill(p, o + i + 1, o + seq, 0f);
            }
        });
        float[] oHeads = Scratch.get("attn.o", bh * headLen);
        // O = P V, query block by block: block i only needs keys [0, end of block i).
        for (int r0 = 0; r0 < seq; r0 += BLOCK) {
            int r1 = Math.min(seq, r0 + BLOCK);
            g.sgemmBatched(false, false, r1 - r0, hd, r1, 1f, p, r0 * seq, seq, tt, v, 0, hd, headLen, 0f, oHeads, r0 * hd, hd, headLen, bh);
        }
        float[] out = new float[batch * seq * c];
        mergeHeads(oHeads, out, batch, seq, nHead, hd);
        int[] outShape = qkv.shape.clone();
        outShape[outShape.length - 1] = c;
        // Backward keeps only qkv (already alive as the parent), the output and the row
        // log-sum-exps: P is recomputed from Q K^T (one extra GEMM) instead of holding
        // B*H*T*T floats per layer for the whole step.
        return Tensor.result("causal_attention", out, outShape, t -> {
            float[] bq = Scratch.get("attn.q", bh * headLen), bk = Scratch.get("attn.k", bh * headLen), bv = Scratch.get("attn.v", bh * headLen);
            splitHeads(t.parent(0).data, bq, bk, bv, batch, seq, nHead, hd);
            float[] probs = Scratch.get("attn.p", bh * tt);
            scores(g, bq, bk, probs, seq, hd, bh, scale);
            float[] dO = Scratch.get("attn.dO", bh * headLen), o = Scratch.get("attn.o", bh * headLen);
            splitOne(t.grad, dO, batch, seq, nHead, hd);
            splitOne(t.data, o, batch, seq, nHead, hd);
            float[] dp = Scratch.get("attn.dp", bh * tt);
            scores(g, dO, bv, dp, seq, hd, bh, 1f);   // dP = dO V^T, causal blocks only
            // P = exp(S - lse); dS = P * (dP - rowsum(dO * O)); masked entries stay 0.
            Parallel.forRange(bh * seq, seq * 4L, (from, to) -> {
                for (int row = from; row < to; row++) {
                    int i = row % seq, off = row * seq, n = i + 1;
                    int head = row / seq, oo = (head * seq + i) * hd;
                    float dot = VecMath.dot(dO, oo, o, oo, hd);
                    VecMath.expShiftSum(probs, off, probs, off, n, lse[row]);
                    java.util.Arrays.fill(probs, off + n, off + seq, 0f);
                    for (int j = 0; j < n; j++) dp[off + j] = probs[off + j] * (dp[off + j] - dot);
                    java.util.Arrays.fill(dp, off + n, off + seq, 0f);
                }
            });
            float[] dv = o, dq = Scratch.get("attn.dq", bh * headLen), dk = dO;   // o is no longer needed; dO is, until dv
            // Key block [c0, c1) only receives from queries c0 and later; query block i only reads keys before its end.
            for (int c0 = 0; c0 < seq; c0 += BLOCK) {
                int c1 = Math.min(seq, c0 + BLOCK);
                g.sgemmBatched(true, false, c1 - c0, hd, seq - c0, 1f, probs, c0 * seq + c0, seq, tt, dO, c0 * hd, hd, headLen, 0f, dv, c0 * hd, hd, headLen, bh);
            }
            for (int r0 = 0; r0 < seq; r0 += BLOCK) {
                int r1 = Math.min(seq, r0 + BLOCK);
                g.sgemmBatched(false, false, r1 - r0, hd, r1, scale, dp, r0 * seq, seq, tt, bk, 0, hd, headLen, 0f, dq, r0 * hd, hd, headLen, bh);
            }
            for (int c0 = 0; c0 < seq; c0 += BLOCK) {   // dK reuses dO's buffer: every dV block has been computed
                int c1 = Math.min(seq, c0 + BLOCK);
                g.sgemmBatched(true, false, c1 - c0, hd, seq - c0, scale, dp, c0 * seq + c0, seq, tt, bq, c0 * hd, hd, headLen, 0f, dk, c0 * hd, hd, headLen, bh);
            }
            addMergedQkv(dq, dk, dv, t.parent(0).gradOrZeros(), batch, seq, nHead, hd);
        }, qkv);
    }

    /** Causal blocking granularity: products skip the (all-masked) blocks above the diagonal. */
    private static final int BLOCK = 64;

    /**
     * out[i, j] = alpha * a_i . b_j for j < end of i's block (entries above the diagonal inside
     * a block are computed and later masked; blocks entirely above it are skipped).
     */
    private static void scores(Gemm g, float[] a, float[] b, float[] out, int seq, int hd, int bh, float alpha) {
        int headLen = seq * hd, tt = seq * seq;
        for (int r0 = 0; r0 < seq; r0 += BLOCK) {
            int r1 = Math.min(seq, r0 + BLOCK);
            g.sgemmBatched(false, true, r1 - r0, r1, hd, alpha, a, r0 * hd, hd, headLen, b, 0, hd, headLen, 0f, out, r0 * seq, seq, tt, bh);
        }
    }

    /** [B, T, 3C] packed projection into three [B, H, T, d] arrays. */
    private static void splitHeads(float[] qkv, float[] q, float[] k, float[] v, int b, int t, int h, int d) {
        int c = h * d;
        Parallel.forRange(b * t, 3L * c, (from, to) -> {
            for (int bt = from; bt < to; bt++) {
                int bi = bt / t, ti = bt % t, src = bt * 3 * c;
                for (int hi = 0; hi < h; hi++) {
                    int dst = ((bi * h + hi) * t + ti) * d;
                    System.arraycopy(qkv, src + hi * d, q, dst, d);
                    System.arraycopy(qkv, src + c + hi * d, k, dst, d);
                    System.arraycopy(qkv, src + 2 * c + hi * d, v, dst, d);
                }
            }
        });
    }

    /** [B, T, C] into [B, H, T, d]. */
    private static void splitOne(float[] x, float[] heads, int b, int t, int h, int d) {
        int c = h * d;
        for (int bt = 0; bt < b * t; bt++) {
            int bi = bt / t, ti = bt % t;
            for (int hi = 0; hi < h; hi++) System.arraycopy(x, bt * c + hi * d, heads, ((bi * h + hi) * t + ti) * d, d);
        }
    }

    /** [B, H, T, d] into [B, T, C]. */
    private static void mergeHeads(float[] heads, float[] x, int b, int t, int h, int d) {
        int c = h * d;
        for (int bt = 0; bt < b * t; bt++) {
            int bi = bt / t, ti = bt % t;
            for (int hi = 0; hi < h; hi++) System.arraycopy(heads, ((bi * h + hi) * t + ti) * d, x, bt * c + hi * d, d);
        }
    }

    private static void addMergedQkv(float[] dq, float[] dk, float[] dv, float[] g, int b, int t, int h, int d) {
        int c = h * d;
        Parallel.forRange(b * t, 3L * c, (from, to) -> {
            for (int bt = from; bt < to; bt++) {
                int bi = bt / t, ti = bt % t, dst = bt * 3 * c;
                for (int hi = 0; hi < h; hi++) {
                    int src = ((bi * h + hi) * t + ti) * d;
                    VecMath.addInto(g, dst + hi * d, dq, src, d);
                    VecMath.addInto(g, dst + c + hi * d, dk, src, d);
                    VecMath.addInto(g, dst + 2 * c + hi * d, dv, src, d);
                }
            }
        });
    }
}
