package dev.jgpt.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Finite-difference gradient checker for the float32 autograd engine.
 *
 * <p>The function under test may return any shape; it is reduced to the scalar
 * {@code L = sum(out * R)} with a fixed random projection R, so every output element
 * matters and a wrong transpose or permutation cannot cancel out. The analytical gradient
 * is {@code out.backward(R)}; the numerical one is the central difference
 * {@code (L(x + h) - L(x - h)) / (2h)} per input element, with L accumulated in double and
 * h the step actually representable in float.
 *
 * <p>Two criteria must both hold, per input: the whole-vector relative error
 * {@code ||a - n|| / max(||a||, ||n||)} is below {@link #relTol}, and every element
 * satisfies {@code |a - n| <= absTol + elemRelTol * max(|a|, |n|)}. A gradient off by a
 * factor 1.1 fails the first (error 0.09); float32 rounding with h around 1e-2 and inputs of
 * order one stays near 1e-4. The vector criterion is waived when both gradients are
 * essentially zero (RMS difference below absTol / 20), where relative error is meaningless.
 *
 * <p>The function must be deterministic and read its inputs' values on every call: the
 * checker perturbs {@code input.data} in place (and restores it) and calls it again with
 * grad mode off. Inputs must be parameters; constants can be captured by the function.
 */
public final class GradCheck {
    public double step = 1e-2;
    public double relTol = 1e-2;
    public double absTol = 2e-3;
    public double elemRelTol = 2e-2;
    public long seed = 1234;
    /** Inputs larger than this are checked on a random sample of this many elements. */
    public int maxElements = Integer.MAX_VALUE;

    public GradCheck step(double h) { step = h; return this; }
    public GradCheck tolerance(double rel, double abs) { relTol = rel; absTol = abs; return this; }
    public GradCheck sample(int n) { maxElements = n; return this; }

    /** What was compared for one input. */
    public static final class InputReport {
        public final int input;
        /** Gradients at the checked elements (all of them unless sampled). */
        public final double[] analytic, numeric;
        public final double relError;
        /** The element (index into the input) furthest outside the per-element tolerance. */
        public final int worstElement;
        public final double worstAnalytic, worstNumeric;
        public final boolean ok;

        InputReport(int input, double[] analytic, double[] numeric, double relError,
                    int worstElement, double worstAnalytic, double worstNumeric, boolean ok) {
            this.input = input;
            this.analytic = analytic;
            this.numeric = numeric;
            this.relError = relError;
            this.worstElement = worstElement;
            this.worstAnalytic = worstAnalytic;
            this.worstNumeric = worstNumeric;
            this.ok = ok;
        }

        @Override public String toString() {
            return String.format("input %d: rel.error %.3e over %d elements, worst element %d analytic %.6g numeric %.6g%s",
                    input, relError, analytic.length, worstElement, worstAnalytic, worstNumeric, ok ? "" : "  MISMATCH");
        }
    }

    /** The comparison for every input; {@link #ok()} when all pass. */
    public static final class Report {
        public final List<InputReport> inputs = new ArrayList<>();

        public boolean ok() { return inputs.stream().allMatch(r -> r.ok); }

        public double maxRelError() { return inputs.stream().mapToDouble(r -> r.relError).max().orElse(0); }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder();
            for (InputReport r : inputs) sb.append(r).append('\n');
            return sb.toString();
        }
    }

    /** Compares analytical and numerical gradients of f with respect to every input. */
    public Report run(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        for (Tensor x : inputs)
            if (!x.requiresGrad()) throw new IllegalArgumentException("gradient-checked inputs must be parameters: " + x);
        // Analytical: backward with upstream R, i.e. the gradient of sum(out * R).
        for (Tensor x : inputs) x.dropGrad();
        Tensor out = f.apply(inputs);
        float[] rf = projection(out.numel());
        out.backward(rf);
        List<double[]> analytic = new ArrayList<>();
        for (Tensor x : inputs) {
            double[] a = new double[x.numel()];
            float[] g = x.grad();
            if (g != null) for (int i = 0; i < a.length; i++) a[i] = g[i];
            analytic.add(a);
            x.dropGrad();
        }
        // Numerical: central differences, the projection summed in double.
        Report report = new Report();
        Random pick = new Random(seed + 1);
        for (int t = 0; t < inputs.size(); t++) {
            float[] d = inputs.get(t).data;
            int[] idx = indices(d.length, pick);
            double[] num = new double[idx.length], ana = new double[idx.length];
            for (int s = 0; s < idx.length; s++) {
                int i = idx[s];
                ana[s] = analytic.get(t)[i];
                float v = d[i];
                float up = (float) (v + step), down = (float) (v - step);
                d[i] = up;
                double lUp = project(f, inputs, rf);
                d[i] = down;
                double lDown = project(f, inputs, rf);
                d[i] = v;
                num[s] = (lUp - lDown) / ((double) up - (double) down);
            }
            report.inputs.add(compare(t, idx, ana, num));
        }
        return report;
    }

    /**
     * Runs the check and throws an AssertionError describing every input when it fails.
     * With {@code -Dgradcheck.verbose=true} every report is printed.
     */
    public Report assertOk(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        Report rep = run(f, inputs);
        if (Boolean.getBoolean("gradcheck.verbose")) System.out.print(rep);
        if (!rep.ok()) throw new AssertionError("gradient check failed:\n" + rep);
        return rep;
    }

    /** Convenience: checks with default settings. */
    public static Report check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        return new GradCheck().assertOk(f, List.of(inputs));
    }

    /** All indices, or a random sample of {@link #maxElements} distinct ones, ascending. */
    private int[] indices(int n, Random pick) {
        if (n <= maxElements) return java.util.stream.IntStream.range(0, n).toArray();
        return pick.ints(0, n).distinct().limit(maxElements).sorted().toArray();
    }

    private static double project(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, float[] r) {
        Tensor out;
        try (var g = GradMode.off()) { out = f.apply(inputs); }
        double s = 0;
        for (int i = 0; i < r.length; i++) s += (double) out.data[i] * r[i];
        return s;
    }

    private float[] projection(int n) {
        Random rng = new Random(seed);
        float[] r = new float[n];
        // Magnitudes in [0.5, 1], random signs: no output (a scalar loss especially) is all but ignored.
        for (int i = 0; i < n; i++) r[i] = (0.5f + 0.5f * rng.nextFloat()) * (rng.nextBoolean() ? 1 : -1);
        return r;
    }

    private InputReport compare(int input, int[] idx, double[] a, double[] n) {
        double diff2 = 0, a2 = 0, n2 = 0;
        boolean elemOk = true;
        int worst = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - n[i]);
            diff2 += d * d;
            a2 += a[i] * a[i];
            n2 += n[i] * n[i];
            double allowed = absTol + elemRelTol * Math.max(Math.abs(a[i]), Math.abs(n[i]));
            if (!(d <= allowed)) elemOk = false;
            double excess = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d - allowed;
            if (excess > worstExcess) { worstExcess = excess; worst = i; }
        }
        double denom = Math.max(Math.sqrt(a2), Math.sqrt(n2));
        double rel = denom == 0 ? 0 : Math.sqrt(diff2) / denom;
        // Where the true gradient is zero (e.g. d(x/x)/dx) float rounding alone gives rel ~ 1.
        double rmsDiff = a.length == 0 ? 0 : Math.sqrt(diff2 / a.length);
        boolean ok = elemOk && (rel < relTol || rmsDiff < absTol / 20);
        return a.length == 0 ? new InputReport(input, a, n, 0, -1, 0, 0, true)
                : new InputReport(input, a, n, rel, idx[worst], a[worst], n[worst], ok);
    }

    // ---- inputs ------------------------------------------------------------------------------

    /** A parameter with values uniform in [-scale, scale]. */
    public static Tensor param(Random rng, float scale, int... shape) {
        float[] d = new float[Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (rng.nextFloat() * 2 - 1) * scale;
        return Tensor.parameter(d, shape);
    }

    /** A parameter with values uniform in [lo, hi] (e.g. positive, away from zero, for log and div). */
    public static Tensor param(Random rng, float lo, float hi, int... shape) {
        float[] d = new float[Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = lo + rng.nextFloat() * (hi - lo);
        return Tensor.parameter(d, shape);
    }

    /** A constant (no gradient) with values uniform in [-scale, scale]. */
    public static Tensor constant(Random rng, float scale, int... shape) {
        float[] d = new float[Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (rng.nextFloat() * 2 - 1) * scale;
        return Tensor.of(d, shape);
    }
}
