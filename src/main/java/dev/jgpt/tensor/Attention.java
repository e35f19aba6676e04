package dev.jgpt.tensor;

/**
 * Fused causal multi-head self-attention: softmax(Q K^T / sqrt(d) + causal mask) V for all
 * heads, from one packed [B*T, 3C] projection (GPT-2's c_attn output) to [B*T, C].
 *
 * <p>A group of (sequence, head) pairs at a time is laid out contiguously ([pairs, T, d]) so
 * each head's products are plain strided-batched GEMMs. The backward pass recomputes the
 * attention probabilities P group by group; nothing of size T x T is kept between passes,
 * and no graph is built per head.
 */
public final class Attention {
    private Attention() {}

    /**
     * Scratch budget for one group of (sequence, head) pairs, in floats of P: the products run
     * a group of pairs at a time, so P, dP and the per-head copies of Q, K, V, O, dO and dQ
     * hold one group, not all B*H pairs (for the benchmark model 7 MB instead of 44 MB). Groups
     * of 8 or 16 pairs also ran faster than all 48 at once (52-58 against 61-73 ms for the
     * benchmark layer's forward and backward): a group's arrays stay in cache.
     */
    private static final int GROUP_FLOATS = 1 << 19;

    public static Tensor causalSelfAttention(Tensor qkv, int batch, int seq, int nHead) {
        return causalSelfAttention(qkv, batch, seq, nHead, Math.max(1, GROUP_FLOATS / (seq * seq)));
    }

    /** With {@code group} (sequence, head) pairs per pass; the results do not depend on it. */
    static Tensor causalSelfAttention(Tensor qkv, int batch, int seq, int nHead, int group) {
        int c3 = qkv.dim(-1), c = c3 / 3, hd = c / nHead;
        if (c3 != 3 * c || c != hd * nHead) throw new IllegalArgumentException("qkv width " + c3 + " is not 3 * n_head * head_size");
        if (qkv.numel() != batch * seq * c3) throw new IllegalArgumentException("qkv has " + qkv.numel() + " values, expected B*T*3C = " + batch * seq * c3);
        Shape s = new Shape(nHead, seq, hd, Math.min(group, batch * nHead));
        int bh = batch * nHead, gl = s.group * s.headLen();
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] lse = new float[bh * seq];
        float[] out = GradPool.forOutput(batch * seq * c);   // every element is merged in below
        Gemm g = Gemms.batchedSmall();
        for (int p0 = 0; p0 < bh; p0 += s.group) {
            int np = Math.min(s.group, bh - p0), rowBase = p0 * seq;
            float[] q = Scratch.get("attn.q", gl), k = Scratch.get("attn.k", gl), v = Scratch.get("attn.v", gl);
            splitHeads(qkv.data, q, k, v, p0, np, s);
            float[] p = Scratch.get(Scratch.WORK, s.group * s.tt());
            scores(g, q, k, p, seq, hd, np, scale);
            Parallel.forRange(np * seq, seq * 4L, (from, to) -> {
                for (int row = from; row < to; row++) {
                    int i = row % seq, o = row * seq;
                    float m = VecMath.max(p, o, i + 1);
                    float sum = VecMath.expShiftSum(p, o, p, o, i + 1, m);
                    VecMath.scale(p, o, i + 1, 1f / sum);
                    lse[rowBase + row] = m + (float) Math.log(sum);
                    java.util.Arrays.fill(p, o + i + 1, o + seq, 0f);
                }
            });
            float[] oHeads = Scratch.get("attn.o", gl);
            // O = P V, query block by block: block i only needs keys [0, end of block i).
            for (int r0 = 0; r0 < seq; r0 += BLOCK) {
                int r1 = Math.min(seq, r0 + BLOCK);
                g.sgemmBatched(false, false, r1 - r0, hd, r1, 1f, p, r0 * seq, seq, s.tt(), v, 0, hd, s.headLen(), 0f, oHeads, r0 * hd, hd, s.headLen(), np);
            }
            mergeHeads(oHeads, out, p0, np, s);
        }
        int[] outShape = qkv.shape.clone();
        outShape[outShape.length - 1] = c;
        // Backward keeps only qkv (already alive as the parent), the output and the row
        // log-sum-exps: P is recomputed from Q K^T (one extra GEMM) instead of holding
        // B*H*T*T floats per layer for the whole step.
        return Tensor.result("causal_attention", out, outShape, t -> {
            float[] dqkv = t.parent(0).gradOrZeros();
            for (int p0 = 0; p0 < bh; p0 += s.group)
                backwardGroup(g, t.parent(0).data, t.data, t.grad, dqkv, lse, p0, Math.min(s.group, bh - p0), s, scale);
        }, qkv);
    }

    /** Sizes shared by the helpers: heads, sequence length, head size and pairs per group. */
    private record Shape(int nHead, int seq, int hd, int group) {
        int headLen() { return seq * hd; }
        int tt() { return seq * seq; }
        int c() { return nHead * hd; }
    }

    /** Gradient of pairs [p0, p0 + np) into dqkv, recomputing their P from Q K^T and the lse. */
    private static void backwardGroup(Gemm g, float[] qkv, float[] out, float[] dOut, float[] dqkv, float[] lse,
                                      int p0, int np, Shape s, float scale) {
        int seq = s.seq, hd = s.hd, headLen = s.headLen(), tt = s.tt(), gl = s.group * headLen, rowBase = p0 * seq;
        float[] bq = Scratch.get("attn.q", gl), bk = Scratch.get("attn.k", gl), bv = Scratch.get("attn.v", gl);
        splitHeads(qkv, bq, bk, bv, p0, np, s);
        float[] probs = Scratch.get(Scratch.WORK, s.group * tt);
        scores(g, bq, bk, probs, seq, hd, np, scale);
        float[] dO = Scratch.get("attn.dO", gl), o = Scratch.get("attn.o", gl);
        splitOne(dOut, dO, p0, np, s);
        splitOne(out, o, p0, np, s);
        float[] dp = Scratch.get("attn.dp", s.group * tt);
        scores(g, dO, bv, dp, seq, hd, np, 1f);   // dP = dO V^T, causal blocks only
        // P = exp(S - lse); dS = P * (dP - rowsum(dO * O)); masked entries stay 0.
        Parallel.forRange(np * seq, seq * 4L, (from, to) -> {
            for (int row = from; row < to; row++) {
                int i = row % seq, off = row * seq, n = i + 1;
                int oo = row * hd;
                float dot = VecMath.dot(dO, oo, o, oo, hd);
                VecMath.expShiftSum(probs, off, probs, off, n, lse[rowBase + row]);
                java.util.Arrays.fill(probs, off + n, off + seq, 0f);
                for (int j = 0; j < n; j++) dp[off + j] = probs[off + j] * (dp[off + j] - dot);
                java.util.Arrays.fill(dp, off + n, off + seq, 0f);
            }
        });
        float[] dv = o, dq = Scratch.get("attn.dq", gl), dk = dO;   // o is no longer needed; dO is, until dv
        // Key block [c0, c1) only receives from queries c0 and later; query block i only reads keys before its end.
        for (int c0 = 0; c0 < seq; c0 += BLOCK) {
            int c1 = Math.min(seq, c0 + BLOCK);
            g.sgemmBatched(true, false, c1 - c0, hd, seq - c0, 1f, probs, c0 * seq + c0, seq, tt, dO, c0 * hd, hd, headLen, 0f, dv, c0 * hd, hd, headLen, np);
        }
        for (int r0 = 0; r0 < seq; r0 += BLOCK) {
            int r1 = Math.min(seq, r0 + BLOCK);
            g.sgemmBatched(false, false, r1 - r0, hd, r1, scale, dp, r0 * seq, seq, tt, bk, 0, hd, headLen, 0f, dq, r0 * hd, hd, headLen, np);
        }
        for (int c0 = 0; c0 < seq; c0 += BLOCK) {   // dK reuses dO's buffer: every dV block has been computed
            int c1 = Math.min(seq, c0 + BLOCK);
            g.sgemmBatched(true, false, c1 - c0, hd, seq - c0, scale, dp, c0 * seq + c0, seq, tt, bq, c0 * hd, hd, headLen, 0f, dk, c0 * hd, hd, headLen, np);
        }
        addMergedQkv(dq, dk, dv, dqkv, p0, np, s);
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

    /**
     * Row r of a group (pair p0 + r / seq, position r % seq) starts at row * d in the
     * [pairs, T, d] scratch layout and at this offset in a [B*T, width] array.
     */
    private static int rowOffset(int p0, int row, Shape s, int width) {
        int pair = p0 + row / s.seq, bi = pair / s.nHead, hi = pair % s.nHead;
        return (bi * s.seq + row % s.seq) * width + hi * s.hd;
    }

    /** Pairs [p0, p0 + np) of the packed [B, T, 3C] projection into three [np, T, d] arrays. */
    private static void splitHeads(float[] qkv, float[] q, float[] k, float[] v, int p0, int np, Shape s) {
        int c = s.c(), d = s.hd;
        Parallel.forRange(np * s.seq, 3L * d, (from, to) -> {
            for (int row = from; row < to; row++) {
                int src = rowOffset(p0, row, s, 3 * c), dst = row * d;
                System.arraycopy(qkv, src, q, dst, d);
                System.arraycopy(qkv, src + c, k, dst, d);
                System.arraycopy(qkv, src + 2 * c, v, dst, d);
            }
        });
    }

    /** Pairs [p0, p0 + np) of [B, T, C] into [np, T, d]. */
    private static void splitOne(float[] x, float[] heads, int p0, int np, Shape s) {
        for (int row = 0; row < np * s.seq; row++) System.arraycopy(x, rowOffset(p0, row, s, s.c()), heads, row * s.hd, s.hd);
    }

    /** [np, T, d] into pairs [p0, p0 + np) of [B, T, C]. */
    private static void mergeHeads(float[] heads, float[] x, int p0, int np, Shape s) {
        for (int row = 0; row < np * s.seq; row++) System.arraycopy(heads, row * s.hd, x, rowOffset(p0, row, s, s.c()), s.hd);
    }

    private static void addMergedQkv(float[] dq, float[] dk, float[] dv, float[] g, int p0, int np, Shape s) {
        int c = s.c(), d = s.hd;
        Parallel.forRange(np * s.seq, 3L * d, (from, to) -> {
            for (int row = from; row < to; row++) {
                int dst = rowOffset(p0, row, s, 3 * c), src = row * d;
                VecMath.addInto(g, dst, dq, src, d);
                VecMath.addInto(g, dst + c, dk, src, d);
                VecMath.addInto(g, dst + 2 * c, dv, src, d);
            }
        });
    }
}
