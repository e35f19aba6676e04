package dev.jgpt.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Turns one row of logits into a token id under a {@link SamplingConfig}. */
final class TokenSampler {
    private TokenSampler() {}

    static int sample(float[] logits, int off, int v, SamplingConfig cfg, SplittableRandom rng) {
        if (cfg.temperature() == 0f) return argmax(logits, off, v);
        double[] p = new double[v];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) max = Math.max(max, logits[off + i] / cfg.temperature());
        double sum = 0;
        for (int i = 0; i < v; i++) { p[i] = Math.exp(logits[off + i] / cfg.temperature() - max); sum += p[i]; }
        for (int i = 0; i < v; i++) p[i] /= sum;
        if ((cfg.topK() > 0 && cfg.topK() < v) || cfg.topP() < 1f) truncate(p, cfg.topK(), cfg.topP());
        double u = rng.nextDouble(), acc = 0, total = 0;
        for (double x : p) total += x;
        u *= total;
        int last = 0;
        for (int i = 0; i < v; i++) {
            if (p[i] == 0) continue;
            acc += p[i];
            last = i;
            if (u < acc) return i;
        }
        return last;
    }

    /** Zeroes tokens outside the top-k and outside the top-p nucleus (ties kept by index order). */
    private static void truncate(double[] p, int topK, float topP) {
        Integer[] idx = new Integer[p.length];
        for (int i = 0; i < p.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> p[b] != p[a] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int keep = topK > 0 ? Math.min(topK, p.length) : p.length;
        double cum = 0;
        for (int r = 0; r < keep; r++) {
            cum += p[idx[r]];
            if (cum >= topP) { keep = r + 1; break; }
        }
        for (int r = keep; r < p.length; r++) p[idx[r]] = 0;
    }

    static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (x[off + i] > x[off + best]) best = i;
        return best;
    }
}
