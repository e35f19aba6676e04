package dev.jgpt.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * General tensor ops with gradients: broadcasting arithmetic, matmul, shape manipulation,
 * reductions. Neural-network ops (layer norm, attention, losses) live in {@link NnOps}.
 */
public final class Ops {
    private Ops() {}

    // ---- broadcasting arithmetic ---------------------------------------------------------

    private enum Bin { ADD, SUB, MUL, DIV }

    public static Tensor add(Tensor a, Tensor b) { return binary(Bin.ADD, a, b); }
    public static Tensor sub(Tensor a, Tensor b) { return binary(Bin.SUB, a, b); }
    public static Tensor mul(Tensor a, Tensor b) { return binary(Bin.MUL, a, b); }
    public static Tensor div(Tensor a, Tensor b) { return binary(Bin.DIV, a, b); }

    private static Tensor binary(Bin op, Tensor a, Tensor b) {
        if (Arrays.equals(a.shape, b.shape)) return sameShape(op, a, b);
        Broadcast bc = new Broadcast(a.shape, b.shape);
        int n = bc.n;
        int[] ao = new int[n], bo = new int[n];
        bc.offsets(ao, bo);
        float[] x = a.data, y = b.data, out = new float[n];
        for (int i = 0; i < n; i++) out[i] = apply(op, x[ao[i]], y[bo[i]]);
        return Tensor.result(op.name().toLowerCase(), out, bc.outShape, t -> {
            float[] g = t.grad;
            Tensor pa = t.parent(0), pb = t.parent(1);
            if (Tensor.needsGrad(pa)) {
                float[] ga = pa.gradOrZeros();
                for (int i = 0; i < n; i++) ga[ao[i]] += dA(op, g[i], x[ao[i]], y[bo[i]]);
            }
            if (Tensor.needsGrad(pb)) {
                float[] gb = pb.gradOrZeros();
                for (int i = 0; i < n; i++) gb[bo[i]] += dB(op, g[i], x[ao[i]], y[bo[i]]);
            }
        }, a, b);
    }

    private static Tensor sameShape(Bin op, Tensor a, Tensor b) {
        int n = a.numel();
        float[] x = a.data, y = b.data, out = GradPool.forOutput(n);
        for (int i = 0; i < n; i++) out[i] = apply(op, x[i], y[i]);
        return Tensor.result(op.name().toLowerCase(), out, a.shape.clone(), t -> {
            float[] g = t.grad;
            Tensor pa = t.parent(0), pb = t.parent(1);
            if (Tensor.needsGrad(pa)) {
                float[] ga = pa.gradOrZeros();
                if (op == Bin.ADD || op == Bin.SUB) VecMath.addInto(ga, 0, g, 0, n);
                else for (int i = 0; i < n; i++) ga[i] += dA(op, g[i], x[i], y[i]);
            }
            if (Tensor.needsGrad(pb)) {
                float[] gb = pb.gradOrZeros();
                if (op == Bin.ADD) VecMath.addInto(gb, 0, g, 0, n);
                else for (int i = 0; i < n; i++) gb[i] += dB(op, g[i], x[i], y[i]);
            }
        }, a, b);
    }

    private static float apply(Bin op, float x, float y) {
        switch (op) {
            case ADD: return x + y;
            case SUB: return x - y;
            case MUL: return x * y;
            default: return x / y;
        }
    }

    private static float dA(Bin op, float g, float x, float y) {
        switch (op) {
            case ADD: case SUB: return g;
            case MUL: return g * y;
            default: return g / y;
        }
    }

    private static float dB(Bin op, float g, float x, float y) {
        switch (op) {
            case ADD: return g;
            case SUB: return -g;
            case MUL: return g * x;
            default: return -g * x / (y * y);
        }
    }

    /** a * s + c, elementwise with scalars. */
    public static Tensor affine(Tensor a, float s, float c) {
        float[] x = a.data, out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] * s + c;
        return Tensor.result("affine", out, a.shape.clone(), t -> {
            float[] ga = t.parent(0).gradOrZeros(), g = t.grad;
            VecMath.axpy(s, g, 0, ga, 0, g.length);
        }, a);
    }

    public static Tensor scale(Tensor a, float s) { return affine(a, s, 0f); }

    // ---- unary math ----------------------------------------------------------------------

    public static Tensor exp(Tensor a) {
        float[] x = a.data, out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) Math.exp(x[i]);
        return Tensor.result("exp", out, a.shape.clone(), t -> {
            float[] ga = t.parent(0).gradOrZeros(), g = t.grad;
            for (int i = 0; i < g.length; i++) ga[i] += g[i] * out[i];
        }, a);
    }

    public static Tensor log(Tensor a) {
        float[] x = a.data, out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) Math.log(x[i]);
        return Tensor.result("log", out, a.shape.clone(), t -> {
            float[] ga = t.parent(0).gradOrZeros(), g = t.grad;
            for (int i = 0; i < g.length; i++) ga[i] += g[i] / x[i];
        }, a);
    }

    public static Tensor tanh(Tensor a) {
        float[] x = a.data, out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) Math.tanh(x[i]);
        return Tensor.result("tanh", out, a.shape.clone(), t -> {
            float[] ga = t.parent(0).gradOrZeros(), g = t.grad;
            for (int i = 0; i < g.length; i++) ga[i] += g[i] * (1 - out[i] * out[i]);
        }, a);
    }

    /** log(sigmoid(x)), computed stably; the preference-model loss is -logSigmoid(r_chosen - r_rejected). */
    public static Tensor logSigmoid(Tensor a) {
        float[] x = a.data, out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            out[i] = (float) (Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v))));
        }
        return Tensor.result("logsigmoid", out, a.shape.clone(), t -> {
            float[] ga = t.parent(0).gradOrZeros(), g = t.grad;
            for (int i = 0; i < g.length; i++) ga[i] += g[i] * (float) (1.0 / (1.0 + Math.exp(x[i]))); // 1 - sigmoid(x)
        }, a);
    }

    // ---- matmul --------------------------------------------------------------------------

    /**
     * Matrix product of the last two dimensions, optionally transposing either operand.
     * Leading (batch) dimensions must match, or b may be 2-D and shared by every batch.
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        if (a.rank() < 2 || b.rank() < 2) throw new IllegalArgumentException("matmul needs rank >= 2: " + a + " " + b);
        int ar = a.rank(), br = b.rank();
        int m = transA ? a.shape[ar - 1] : a.shape[ar - 2];
        int k = transA ? a.shape[ar - 2] : a.shape[ar - 1];
        int kb = transB ? b.shape[br - 1] : b.shape[br - 2];
        int n = transB ? b.shape[br - 2] : b.shape[br - 1];
        if (k != kb) throw new IllegalArgumentException("matmul inner dimensions differ: " + a + (transA ? "^T" : "") + " x " + b + (transB ? "^T" : ""));
        int batch = Tensor.numel(Arrays.copyOf(a.shape, ar - 2));
        boolean sharedB = br == 2 && ar > 2;
        if (!sharedB && !Arrays.equals(Arrays.copyOf(a.shape, ar - 2), Arrays.copyOf(b.shape, br - 2)))
            throw new IllegalArgumentException("matmul batch dimensions differ: " + a + " x " + b);
        int[] outShape = Arrays.copyOf(a.shape, ar);
        outShape[ar - 2] = m;
        outShape[ar - 1] = n;
        int lda = transA ? m : k, ldb = transB ? k : n;
        long sA = (long) m * k, sB = sharedB ? 0 : (long) k * n, sC = (long) m * n;
        float[] out = new float[Tensor.numel(outShape)];
        Gemm g = Gemms.get();
        final int bt = batch;
        g.sgemmBatched(transA, transB, m, n, k, 1f, a.data, 0, lda, sA, b.data, 0, ldb, sB, 0f, out, 0, n, sC, bt);
        return Tensor.result("matmul", out, outShape, t -> {
            Tensor pa = t.parent(0), pb = t.parent(1);
            float[] dc = t.grad;
            if (Tensor.needsGrad(pa)) {
                float[] da = pa.gradOrZeros();
                if (!transA) g.sgemmBatched(false, !transB, m, k, n, 1f, dc, 0, n, sC, b.data, 0, ldb, sB, 1f, da, 0, k, sA, bt);
                else g.sgemmBatched(transB, true, k, m, n, 1f, b.data, 0, ldb, sB, dc, 0, n, sC, 1f, da, 0, m, sA, bt);
            }
            if (Tensor.needsGrad(pb)) {
                float[] db = pb.gradOrZeros();
                // With a shared B every batch adds into the same gradient, so go one batch at a time.
                for (int i = 0; i < bt; i++) {
                    int ao = (int) (i * sA), co = (int) (i * sC), bo = (int) (i * sB);
                    if (!transB) g.sgemm(!transA, false, k, n, m, 1f, a.data, ao, lda, dc, co, n, 1f, db, bo, n);
                    else g.sgemm(true, transA, n, k, m, 1f, dc, co, n, a.data, ao, lda, 1f, db, bo, k);
                }
            }
        }, a, b);
    }

    public static Tensor matmul(Tensor a, Tensor b) { return matmul(a, b, false, false); }

    // ---- shape ---------------------------------------------------------------------------

    /** Same values, new shape; one dimension may be -1. */
    public static Tensor reshape(Tensor a, int... shape) {
        int[] s = shape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) { if (infer >= 0) throw new IllegalArgumentException("only one -1 allowed"); infer = i; }
            else known *= s[i];
        }
        if (infer >= 0) s[infer] = known == 0 ? 0 : a.numel() / known;
        if (Tensor.numel(s) != a.numel())
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(a.shape) + " to " + Arrays.toString(shape));
        return Tensor.result("reshape", a.data, s, t -> VecMath.addInto(t.parent(0).gradOrZeros(), 0, t.grad, 0, t.grad.length), a);
    }

    /** Swaps two dimensions (copying into the new layout). */
    public static Tensor transpose(Tensor a, int d0, int d1) {
        int r = a.rank();
        d0 = d0 < 0 ? r + d0 : d0;
        d1 = d1 < 0 ? r + d1 : d1;
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[d0] = d1;
        perm[d1] = d0;
        return permute(a, perm);
    }

    public static Tensor permute(Tensor a, int... perm) {
        int r = a.rank();
        int[] outShape = new int[r], inStrides = Broadcast.contiguousStrides(a.shape), srcStride = new int[r];
        for (int i = 0; i < r; i++) { outShape[i] = a.shape[perm[i]]; srcStride[i] = inStrides[perm[i]]; }
        int n = a.numel();
        int[] src = new int[n];
        int[] idx = new int[r];
        int off = 0;
        for (int i = 0; i < n; i++) {
            src[i] = off;
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                off += srcStride[d];
                if (idx[d] < outShape[d]) break;
                off -= srcStride[d] * outShape[d];
                idx[d] = 0;
            }
        }
        float[] x = a.data, out = new float[n];
        for (int i = 0; i < n; i++) out[i] = x[src[i]];
        return Tensor.result("permute", out, outShape, t -> {
            float[] ga = t.parent(0).gradOrZeros(), g = t.grad;
            for (int i = 0; i < n; i++) ga[src[i]] += g[i];
        }, a);
    }

    /** Elements [from, to) along dimension dim. */
    public static Tensor slice(Tensor a, int dim, int from, int to) {
        int r = a.rank();
        int d = dim < 0 ? r + dim : dim;
        if (from < 0 || to > a.shape[d] || from > to)
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") out of range for dim " + d + " of " + Arrays.toString(a.shape));
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= a.shape[i];
        for (int i = d + 1; i < r; i++) inner *= a.shape[i];
        final int fOuter = outer, fInner = inner;
        int len = to - from, full = a.shape[d];
        int[] outShape = a.shape.clone();
        outShape[d] = len;
        float[] out = new float[outer * len * inner];
        for (int o = 0; o < outer; o++)
            System.arraycopy(a.data, (o * full + from) * inner, out, o * len * inner, len * inner);
        return Tensor.result("slice", out, outShape, t -> {
            float[] ga = t.parent(0).gradOrZeros(), g = t.grad;
            for (int o = 0; o < fOuter; o++) VecMath.addInto(ga, (o * full + from) * fInner, g, o * len * fInner, len * fInner);
        }, a);
    }

    /** Joins tensors along dimension dim; other dimensions must agree. */
    public static Tensor concat(List<Tensor> parts, int dim) {
        Tensor first = parts.get(0);
        int r = first.rank();
        int d = dim < 0 ? r + dim : dim;
        int outer = 1, inner = 1, total = 0;
        for (int i = 0; i < d; i++) outer *= first.shape[i];
        for (int i = d + 1; i < r; i++) inner *= first.shape[i];
        int[] offs = new int[parts.size()];
        for (int p = 0; p < parts.size(); p++) {
            Tensor t = parts.get(p);
            for (int i = 0; i < r; i++)
                if (i != d && t.shape[i] != first.shape[i])
                    throw new IllegalArgumentException("concat shapes differ: " + first + " vs " + t);
            offs[p] = total;
            total += t.shape[d];
        }
        int[] outShape = first.shape.clone();
        outShape[d] = total;
        float[] out = new float[outer * total * inner];
        for (int p = 0; p < parts.size(); p++) {
            Tensor t = parts.get(p);
            int len = t.shape[d] * inner;
            for (int o = 0; o < outer; o++) System.arraycopy(t.data, o * len, out, (o * total + offs[p]) * inner, len);
        }
        final int fTotal = total, fOuter = outer, fInner = inner;
        Tensor[] ps = parts.toArray(new Tensor[0]);
        return Tensor.result("concat", out, outShape, t -> {
            for (int p = 0; p < ps.length; p++) {
                Tensor pp = t.parent(p);
                if (!Tensor.needsGrad(pp)) continue;
                float[] gp = pp.gradOrZeros();
                int len = pp.shape[d] * fInner;
                for (int o = 0; o < fOuter; o++) VecMath.addInto(gp, o * len, t.grad, (o * fTotal + offs[p]) * fInner, len);
            }
        }, ps);
    }

    // ---- gathers and reductions ----------------------------------------------------------

    /** Rows of a 2-D weight: out[i] = weight[ids[i]]; shape [ids.length, C]. */
    public static Tensor embedding(Tensor weight, int[] ids) {
        int c = weight.shape[1];
        checkIds(ids, weight.shape[0]);
        float[] out = new float[ids.length * c];
        for (int i = 0; i < ids.length; i++) System.arraycopy(weight.data, ids[i] * c, out, i * c, c);
        return Tensor.result("embedding", out, new int[]{ids.length, c}, t -> addRows(t.grad, t.parent(0), ids, c), weight);
    }

    /**
     * Token plus position embedding, a[ids[i]] + b[positions[i]], as one op: the two lookups
     * would otherwise stay alive in the graph until the end of the backward pass.
     */
    public static Tensor embeddingSum(Tensor a, int[] ids, Tensor b, int[] positions) {
        int c = a.shape[1];
        if (b.shape[1] != c || positions.length != ids.length) throw new IllegalArgumentException("embeddingSum: mismatched widths or lengths");
        checkIds(ids, a.shape[0]);
        checkIds(positions, b.shape[0]);
        float[] out = GradPool.forOutput(ids.length * c);
        for (int i = 0; i < ids.length; i++) {
            int o = i * c, ao = ids[i] * c, bo = positions[i] * c;
            for (int j = 0; j < c; j++) out[o + j] = a.data[ao + j] + b.data[bo + j];
        }
        return Tensor.result("embedding_sum", out, new int[]{ids.length, c}, t -> {
            addRows(t.grad, t.parent(0), ids, c);
            addRows(t.grad, t.parent(1), positions, c);
        }, a, b);
    }

    /** Scatters row i of g into row rows[i] of the table's gradient (an embedding's backward). */
    private static void addRows(float[] g, Tensor table, int[] rows, int c) {
        if (!Tensor.needsGrad(table)) return;
        float[] gw = table.gradOrZeros();
        for (int i = 0; i < rows.length; i++) VecMath.addInto(gw, rows[i] * c, g, i * c, c);
    }

    private static void checkIds(int[] ids, int v) {
        for (int id : ids) if (id < 0 || id >= v) throw new IllegalArgumentException("token id " + id + " out of range [0, " + v + ")");
    }

    /** Selects rows of a [N, C] tensor (e.g. the last position of each sequence for a scalar head). */
    public static Tensor selectRows(Tensor a, int[] rows) {
        Tensor flat = a.rank() == 2 ? a : reshape(a, -1, a.dim(-1));
        return embedding(flat, rows);
    }

    public static Tensor sum(Tensor a) {
        float s = 0;
        for (float v : a.data) s += v;
        return Tensor.result("sum", new float[]{s}, new int[0], t -> {
            float[] ga = t.parent(0).gradOrZeros();
            float g = t.grad[0];
            for (int i = 0; i < ga.length; i++) ga[i] += g;
        }, a);
    }

    public static Tensor mean(Tensor a) { return scale(sum(a), 1f / a.numel()); }

    /** Sum over one dimension, which is removed from the shape. */
    public static Tensor sum(Tensor a, int dim) {
        int r = a.rank();
        int d = dim < 0 ? r + dim : dim;
        int outer = 1, inner = 1, len = a.shape[d];
        for (int i = 0; i < d; i++) outer *= a.shape[i];
        for (int i = d + 1; i < r; i++) inner *= a.shape[i];
        int[] outShape = new int[r - 1];
        for (int i = 0, j = 0; i < r; i++) if (i != d) outShape[j++] = a.shape[i];
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int l = 0; l < len; l++) VecMath.addInto(out, o * inner, a.data, (o * len + l) * inner, inner);
        final int fo = outer, fi = inner;
        return Tensor.result("sum_dim", out, outShape, t -> {
            float[] ga = t.parent(0).gradOrZeros(), g = t.grad;
            for (int o = 0; o < fo; o++)
                for (int l = 0; l < len; l++) VecMath.addInto(ga, (o * len + l) * fi, g, o * fi, fi);
        }, a);
    }

    public static Tensor mean(Tensor a, int dim) {
        int d = dim < 0 ? a.rank() + dim : dim;
        return scale(sum(a, d), 1f / a.shape[d]);
    }
}
