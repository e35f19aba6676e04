package dev.jgpt.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised inner loops shared by the ops. {@code exp} and {@code tanh} go through the
 * Vector API's lanewise math (SVML-backed on x86), several times faster than a scalar
 * {@code Math.exp}/{@code Math.tanh} loop, which would otherwise dominate GELU and softmax.
 */
public final class VecMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VecMath() {}

    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int up = S.loopBound(n); i < up; i += L)
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    /** y[yo..] += alpha * x[xo..] */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int up = S.loopBound(n); i < up; i += L)
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    /** dst[i] += src[i] over [0, n) */
    public static void addInto(float[] dst, int dOff, float[] src, int sOff, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L)
            FloatVector.fromArray(S, dst, dOff + i).add(FloatVector.fromArray(S, src, sOff + i)).intoArray(dst, dOff + i);
        for (; i < n; i++) dst[dOff + i] += src[sOff + i];
    }

    public static float max(float[] a, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (n >= L) {
            FloatVector vm = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int up = S.loopBound(n); i < up; i += L) vm = vm.max(FloatVector.fromArray(S, a, off + i));
            m = vm.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, a[off + i]);
        return m;
    }

    public static float sum(float[] a, int off, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int up = S.loopBound(n); i < up; i += L) acc = acc.add(FloatVector.fromArray(S, a, off + i));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[off + i];
        return s;
    }

    /** dst[i] = exp(src[i] - shift), returns the sum of the results. */
    public static float expShiftSum(float[] src, int sOff, float[] dst, int dOff, int n, float shift) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S), sh = FloatVector.broadcast(S, shift);
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector e = FloatVector.fromArray(S, src, sOff + i).sub(sh).lanewise(VectorOperators.EXP);
            e.intoArray(dst, dOff + i);
            acc = acc.add(e);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) { float e = (float) Math.exp(src[sOff + i] - shift); dst[dOff + i] = e; s += e; }
        return s;
    }

    public static void scale(float[] a, int off, int n, float f) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L)
            FloatVector.fromArray(S, a, off + i).mul(f).intoArray(a, off + i);
        for (; i < n; i++) a[off + i] *= f;
    }

    private static final float GELU_C = (float) Math.sqrt(2.0 / Math.PI);
    private static final float GELU_A = 0.044715f;

    /** GPT-2's tanh-approximate GELU: y = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    public static void gelu(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector u = v.mul(v).mul(v).mul(GELU_A).add(v).mul(GELU_C);
            FloatVector t = u.lanewise(VectorOperators.TANH);
            v.mul(0.5f).mul(t.add(1f)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float v = x[xo + i];
            float t = (float) Math.tanh(GELU_C * (v + GELU_A * v * v * v));
            y[yo + i] = 0.5f * v * (1f + t);
        }
    }

    /** dx[i] += dy[i] * gelu'(x[i]). */
    public static void geluBackward(float[] x, int xo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector v2 = v.mul(v);
            FloatVector u = v2.mul(v).mul(GELU_A).add(v).mul(GELU_C);
            FloatVector t = u.lanewise(VectorOperators.TANH);
            FloatVector du = v2.mul(3f * GELU_A).add(1f).mul(GELU_C);
            // 0.5 (1 + t) + 0.5 x (1 - t^2) du
            FloatVector d = t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(du));
            FloatVector.fromArray(S, dy, dyo + i).fma(d, FloatVector.fromArray(S, dx, dxo + i)).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) {
            float v = x[xo + i];
            float t = (float) Math.tanh(GELU_C * (v + GELU_A * v * v * v));
            float du = GELU_C * (1f + 3f * GELU_A * v * v);
            dx[dxo + i] += dy[dyo + i] * (0.5f * (1f + t) + 0.5f * v * (1f - t * t) * du);
        }
    }
}
