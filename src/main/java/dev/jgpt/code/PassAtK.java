package dev.jgpt.code;

/**
 * The unbiased pass@k estimator of Chen et al. (2021): with n samples of which c pass,
 * pass@k = 1 - C(n-c, k) / C(n, k), the chance that k samples drawn without replacement
 * contain at least one that passes. Computed as 1 - prod_{i=n-c+1..n} (1 - k/i), which never
 * forms the huge binomials.
 */
public final class PassAtK {
    private PassAtK() {}

    /**
     * @throws IllegalArgumentException unless 0 <= c <= n and 1 <= k <= n
     */
    public static double estimate(int n, int c, int k) {
        if (n < 1 || c < 0 || c > n) throw new IllegalArgumentException("need 0 <= c <= n, n >= 1; got n=" + n + ", c=" + c);
        if (k < 1 || k > n) throw new IllegalArgumentException("need 1 <= k <= n; got k=" + k + ", n=" + n);
        if (n - c < k) return 1.0; // every draw of k contains a passing sample
        double prod = 1.0;
        for (int i = n - c + 1; i <= n; i++) prod *= 1.0 - (double) k / i;
        return 1.0 - prod;
    }

    /** Mean of per-problem estimates; {@code n[i]} samples and {@code c[i]} passes for problem i. */
    public static double mean(int[] n, int[] c, int k) {
        if (n.length != c.length || n.length == 0) throw new IllegalArgumentException("need one (n, c) per problem");
        double sum = 0;
        for (int i = 0; i < n.length; i++) sum += estimate(n[i], c[i], k);
        return sum / n.length;
    }
}
