package dev.jgpt.generate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TokenSamplerTest {
    /** The plain definition: sort everything, keep the first k, then the nucleus. */
    static void reference(double[] p, int topK, float topP) {
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

    @Test
    void truncateMatchesFullSortIncludingTies() {
        Random rng = new Random(5);
        for (int trial = 0; trial < 3000; trial++) {
            int v = 1 + rng.nextInt(60);
            double[] p = new double[v];
            double sum = 0;
            for (int i = 0; i < v; i++) { p[i] = rng.nextInt(4) == 0 ? 0.25 * (1 + rng.nextInt(3)) : rng.nextDouble(); sum += p[i]; }
            for (int i = 0; i < v; i++) p[i] /= sum;
            int k = rng.nextInt(v + 2);
            float topP = rng.nextBoolean() ? 1f : 0.05f + 0.95f * rng.nextFloat();
            double[] a = p.clone(), b = p.clone();
            TokenSampler.truncate(a, k, topP);
            reference(b, k, topP);
            assertArrayEquals(b, a, "v=" + v + " k=" + k + " p=" + topP + " " + Arrays.toString(p));
        }
    }

    @Test
    void kthLargestSelects() {
        Random rng = new Random(1);
        for (int trial = 0; trial < 1000; trial++) {
            double[] a = new double[1 + rng.nextInt(100)];
            for (int i = 0; i < a.length; i++) a[i] = rng.nextInt(10);
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = 1 + rng.nextInt(a.length);
            assertEquals(sorted[a.length - k], TokenSampler.kthLargest(a.clone(), k));
        }
    }
}
