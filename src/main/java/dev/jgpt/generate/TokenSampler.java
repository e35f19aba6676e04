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

    /**
     * Zeroes tokens outside the top-k and outside the top-p nucleus (ties kept by index order).
     * Finds the k-th largest probability by selection, so only the k survivors are sorted: with
     * GPT-2's 50,257 tokens a full sort per sampled token would cost more than the model step.
     */
    static void truncate(double[] p, int topK, float topP) {
        int v = p.length, keep = topK > 0 ? Math.min(topK, v) : v;
        int[] kept = new int[keep];
        if (keep < v) {
            double threshold = kthLargest(p.clone(), keep);
            int n = 0;
            for (int i = 0; i < v; i++) if (p[i] > threshold) kept[n++] = i;
            for (int i = 0; i < v && n < keep; i++) if (p[i] == threshold) kept[n++] = i;
        } else {
            for (int i = 0; i < v; i++) kept[i] = i;
        }
        Integer[] order = new Integer[keep];
        for (int i = 0; i < keep; i++) order[i] = kept[i];
        Arrays.sort(order, (a, b) -> p[b] != p[a] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int n = keep;
        double cum = 0;
        for (int r = 0; r < keep; r++) {
            cum += p[order[r]];
            if (cum >= topP) { n = r + 1; break; }
        }
        boolean[] survive = new boolean[v];
        for (int r = 0; r < n; r++) survive[order[r]] = true;
        for (int i = 0; i < v; i++) if (!survive[i]) p[i] = 0;
    }

    /** The k-th largest value of {@code a} (1-based), by in-place quickselect; {@code a} is scrambled. */
    static double kthLargest(double[] a, int k) {
        int target = a.length - k, lo = 0, hi = a.length - 1;  // index of the k-th largest in ascending order
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            // Median of three as pivot: deterministic and safe on sorted input.
            double x = a[lo], y = a[mid], z = a[hi];
            double pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) { double t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
            }
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return a[target];
        }
        return a[target];
    }

    static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (x[off + i] > x[off + best]) best = i;
        return best;
    }
}
