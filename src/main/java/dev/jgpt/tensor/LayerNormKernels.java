package dev.jgpt.tensor;

import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Layer normalisation's loops, shared by {@link NnOps#layerNorm} and the fused
 * {@link NnOps#layerNormLinear}. Per row only the mean and 1/std are kept; the normalised
 * values are recomputed from x wherever they are needed again.
 */
final class LayerNormKernels {
    private LayerNormKernels() {}

    /** Row statistics into mean and rstd, and y = (x - mean) * rstd * w + b. */
    static void forward(float[] xd, float[] wd, float[] bd, float[] y, float[] mean, float[] rstd, int rows, int c, float eps) {
        Parallel.forRange(rows, c * 4L, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * c;
                float m = VecMath.sum(xd, o, c) / c;
                float v = 0;
                for (int i = 0; i < c; i++) { float d = xd[o + i] - m; v += d * d; }
                float rs = (float) (1.0 / Math.sqrt(v / c + eps));
                mean[r] = m;
                rstd[r] = rs;
                normalizeRow(xd, o, c, m, rs, wd, bd, y);
            }
        });
    }

    /** y again from x and the kept statistics: the same values {@link #forward} wrote. */
    static void apply(float[] xd, float[] mean, float[] rstd, float[] wd, float[] bd, float[] y, int rows, int c) {
        Parallel.forRange(rows, c * 2L, (from, to) -> {
            for (int r = from; r < to; r++) normalizeRow(xd, r * c, c, mean[r], rstd[r], wd, bd, y);
        });
    }

    private static void normalizeRow(float[] xd, int o, int c, float m, float rs, float[] wd, float[] bd, float[] y) {
        for (int i = 0; i < c; i++) {
            float n = (xd[o + i] - m) * rs;
            y[o + i] = (wd == null ? n : n * wd[i]) + (bd == null ? 0 : bd[i]);
        }
    }

    /** Adds the gradients for upstream dy into dx, dw and db (each may be null). */
    static void backward(float[] xd, float[] mean, float[] rstd, float[] wd, float[] dy, float[] dx, float[] dw, float[] db, int rows, int c) {
        // Each chunk's weight/bias partial sums are added in chunk order afterwards, not as the
        // threads finish: float addition is not associative, and a seeded run must repeat bit for bit.
        ConcurrentSkipListMap<Integer, float[][]> partials = new ConcurrentSkipListMap<>();
        Parallel.forRange(rows, c * 8L, (from, to) -> {
            float[] lw = dw == null ? null : new float[c], lb = db == null ? null : new float[c];
            float[] dn = new float[c];
            for (int r = from; r < to; r++) {
                int o = r * c;
                float m = mean[r], rs = rstd[r];
                float sumDn = 0, sumDnN = 0;
                for (int i = 0; i < c; i++) {
                    float n = (xd[o + i] - m) * rs;
                    float g = dy[o + i];
                    if (lw != null) lw[i] += g * n;
                    if (lb != null) lb[i] += g;
                    float d = wd == null ? g : g * wd[i];
                    dn[i] = d;
                    sumDn += d;
                    sumDnN += d * n;
                }
                if (dx != null) {
                    float a = sumDn / c, bb = sumDnN / c;
                    for (int i = 0; i < c; i++) {
                        float n = (xd[o + i] - m) * rs;
                        dx[o + i] += rs * (dn[i] - a - n * bb);
                    }
                }
            }
            partials.put(from, new float[][]{lw, lb});
        });
        for (float[][] part : partials.values()) {
            if (part[0] != null) VecMath.addInto(dw, 0, part[0], 0, c);
            if (part[1] != null) VecMath.addInto(db, 0, part[1], 0, c);
        }
    }
}
