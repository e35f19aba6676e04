package dev.jgpt.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised inner loops shared by the ops.
 *
 * <p>{@code exp} is computed here from adds, multiplies and fused multiply-adds (Cody-Waite
 * range reduction and Cephes' degree-6 polynomial, within 2 ulp of {@code Math.exp}), not with
 * the Vector API's lanewise {@code EXP}/{@code TANH}. Those run SVML once C2 has compiled the
 * caller but a Java fallback before, and the two differ in the last bit for a few percent of
 * inputs: the first steps of a run, partly interpreted, then depended on when the JIT got there,
 * and seeded runs differed between processes. Basic IEEE arithmetic gives the same bits in the
 * interpreter, C1 and C2, and the scalar {@link #exp(float)} does the same operations, so a
 * value does not depend on where in a vector it falls either. GELU's tanh goes through the
 * same exp: {@code 0.5 (1 + tanh(u)) = 1 / (1 + exp(-2u))}, which also avoids cancellation.
 */
public final class VecMath {
    static final VectorSpecies<Float> S = Lanes.species(System.getProperty(Lanes.PROPERTY));
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

    /**
     * {@code out[outOff + j] = dot(q, qo, k, kOff + j * stride, n) * scale} for j in [0, count):
     * attention scores of one query against count cached keys. Each score is computed with
     * exactly {@link #dot}'s arithmetic (same lanes, same reduction, same scalar tail), so the
     * bits are the same; four keys are scored together so the query is loaded once for four
     * and their accumulations overlap.
     */
    public static void dotRows(float[] q, int qo, float[] k, int kOff, int stride, int n, int count, float scale,
                               float[] out, int outOff) {
        int up = S.loopBound(n), j = 0;
        for (; j + 4 <= count; j += 4) {
            int k0 = kOff + j * stride, k1 = k0 + stride, k2 = k1 + stride, k3 = k2 + stride;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int i = 0; i < up; i += L) {
                FloatVector qv = FloatVector.fromArray(S, q, qo + i);
                a0 = qv.fma(FloatVector.fromArray(S, k, k0 + i), a0);
                a1 = qv.fma(FloatVector.fromArray(S, k, k1 + i), a1);
                a2 = qv.fma(FloatVector.fromArray(S, k, k2 + i), a2);
                a3 = qv.fma(FloatVector.fromArray(S, k, k3 + i), a3);
            }
            float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD),
                    s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
            for (int i = up; i < n; i++) {
                float qi = q[qo + i];
                s0 += qi * k[k0 + i]; s1 += qi * k[k1 + i]; s2 += qi * k[k2 + i]; s3 += qi * k[k3 + i];
            }
            out[outOff + j] = s0 * scale; out[outOff + j + 1] = s1 * scale;
            out[outOff + j + 2] = s2 * scale; out[outOff + j + 3] = s3 * scale;
        }
        for (; j < count; j++) out[outOff + j] = dot(q, qo, k, kOff + j * stride, n) * scale;
    }

    /**
     * {@code y[yo..yo+n) += w[wOff + j] * x[xOff + j*stride ..]} for j = 0, 1, .. count-1 in
     * that order: a softmax-weighted sum of cached values. Each element accumulates exactly as
     * count calls of {@link #axpy} would (a fused multiply-add per j in the vector part, a
     * multiply and an add in the scalar tail), so the bits are the same; but each vector of y
     * stays in a register across all j instead of being loaded and stored once per j.
     */
    public static void axpyRows(float[] w, int wOff, float[] x, int xOff, int stride, int n, int count, float[] y, int yo) {
        int up = S.loopBound(n), i = 0;
        for (; i < up; i += L) {
            FloatVector acc = FloatVector.fromArray(S, y, yo + i);
            for (int j = 0, xo = xOff + i; j < count; j++, xo += stride)
                acc = FloatVector.fromArray(S, x, xo).fma(FloatVector.broadcast(S, w[wOff + j]), acc);
            acc.intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float t = y[yo + i];
            for (int j = 0; j < count; j++) t += w[wOff + j] * x[xOff + j * stride + i];
            y[yo + i] = t;
        }
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

    // exp: x = n ln2 + r with |r| <= ln2/2, exp(x) = 2^n (1 + r + r^2 P(r)).
    private static final float EXP_HI = 88.37626f;           // exp of more is +inf (n stays <= 127)
    private static final float EXP_LO = -87.33654f;          // exp of less is 0 (2^n stays normal)
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;            // 1.5 * 2^23: adding it rounds to an integer
    private static final int ROUND_BITS = 0x4B400000;        // its bit pattern; the low bits then hold n
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /** exp(x) with exactly the arithmetic of one lane of {@link #expShiftSum}. */
    public static float exp(float x) {
        if (x < EXP_LO) return 0f;
        if (x > EXP_HI) return Float.POSITIVE_INFINITY;
        float t = Math.fma(x, LOG2E, ROUND), n = t - ROUND;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, x));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P0, r, P1), r, P2), r, P3), r, P4), r, P5);
        float e = Math.fma(p, r * r, r) + 1f;
        return e * Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUND_BITS + 127) << 23);
    }

    /** dst[i] = exp(src[i] - shift) (see {@link #exp(float)}), returns the sum of the results. */
    public static float expShiftSum(float[] src, int sOff, float[] dst, int dOff, int n, float shift) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S), sh = FloatVector.broadcast(S, shift);
        FloatVector ln2Hi = FloatVector.broadcast(S, -LN2_HI), ln2Lo = FloatVector.broadcast(S, -LN2_LO);
        FloatVector p0 = FloatVector.broadcast(S, P0), p1 = FloatVector.broadcast(S, P1), p2 = FloatVector.broadcast(S, P2),
                p3 = FloatVector.broadcast(S, P3), p4 = FloatVector.broadcast(S, P4), p5 = FloatVector.broadcast(S, P5);
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector x0 = FloatVector.fromArray(S, src, sOff + i).sub(sh);
            FloatVector x = x0.max(EXP_LO).min(EXP_HI);   // NaN stays NaN through max/min
            FloatVector t = x.fma(LOG2E, ROUND), nf = t.sub(ROUND);
            FloatVector r = nf.fma(ln2Lo, nf.fma(ln2Hi, x));
            FloatVector p = p0.fma(r, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
            FloatVector pow2 = t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.fma(r.mul(r), r).add(1f).mul(pow2)
                    .blend(0f, x0.lt(EXP_LO)).blend(Float.POSITIVE_INFINITY, x0.compare(VectorOperators.GT, EXP_HI));
            e.intoArray(dst, dOff + i);
            acc = acc.add(e);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) { float e = exp(src[sOff + i] - shift); dst[dOff + i] = e; s += e; }
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
    /** GELU works through a row in blocks of this many floats, staged in a per-thread buffer. */
    private static final int GELU_BLOCK = 256;
    private static final float GELU_MAX_EXP = 80f;
    private static final ThreadLocal<float[]> GELU_BUF = ThreadLocal.withInitial(() -> new float[GELU_BLOCK]);

    /**
     * GPT-2's tanh-approximate GELU, y = 0.5 x (1 + tanh(u)) with u = sqrt(2/pi) (x + 0.044715 x^3),
     * computed as y = x / (1 + exp(-2u)). {@code y} may be {@code x}.
     */
    public static void gelu(float[] x, int xo, float[] y, int yo, int n) {
        float[] z = GELU_BUF.get();
        for (int b = 0; b < n; b += GELU_BLOCK) {
            int m = Math.min(GELU_BLOCK, n - b), i = 0;
            expMinusTwoU(x, xo + b, z, m);
            for (int up = S.loopBound(m); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + b + i);
                v.div(FloatVector.fromArray(S, z, i).add(1f)).intoArray(y, yo + b + i);
            }
            for (; i < m; i++) y[yo + b + i] = x[xo + b + i] / (z[i] + 1f);
        }
    }

    /**
     * dx[i] += dy[i] * gelu'(x[i]). With z = exp(-2u) and s = 1 / (1 + z): gelu' = s + 2 x s (1 - s) du/dx,
     * and 1 - s = z s, which keeps the precision that 1 - s loses when s is near 1.
     */
    public static void geluBackward(float[] x, int xo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        float[] z = GELU_BUF.get();
        for (int b = 0; b < n; b += GELU_BLOCK) {
            int m = Math.min(GELU_BLOCK, n - b), i = 0;
            expMinusTwoU(x, xo + b, z, m);
            for (int up = S.loopBound(m); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + b + i);
                FloatVector e = FloatVector.fromArray(S, z, i), s = FloatVector.broadcast(S, 1f).div(e.add(1f));
                FloatVector du = v.mul(v).mul(3f * GELU_A).add(1f).mul(GELU_C);
                FloatVector d = v.add(v).mul(e).mul(s).mul(s).fma(du, s);
                FloatVector.fromArray(S, dy, dyo + b + i).fma(d, FloatVector.fromArray(S, dx, dxo + b + i)).intoArray(dx, dxo + b + i);
            }
            for (; i < m; i++) {
                float v = x[xo + b + i], s = 1f / (z[i] + 1f);
                float du = (v * v * (3f * GELU_A) + 1f) * GELU_C;
                float d = Math.fma((v + v) * z[i] * s * s, du, s);
                dx[dxo + b + i] = Math.fma(dy[dyo + b + i], d, dx[dxo + b + i]);
            }
        }
    }

    /**
     * z[i] = exp(-2u) for GELU's u = sqrt(2/pi) (x + 0.044715 x^3). The exponent is capped at
     * {@link #GELU_MAX_EXP}, so that z stays finite (then gelu(x) ~ 1e-35 x, not 0/0 in the derivative).
     */
    private static void expMinusTwoU(float[] x, int xo, float[] z, int m) {
        int i = 0;
        for (int up = S.loopBound(m); i < up; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).mul(v).mul(GELU_A).add(v).mul(-2f * GELU_C).min(GELU_MAX_EXP).intoArray(z, i);
        }
        for (; i < m; i++) {
            float v = x[xo + i];
            z[i] = Math.min((v * v * v * GELU_A + v) * (-2f * GELU_C), GELU_MAX_EXP);
        }
        expShiftSum(z, 0, z, 0, m, 0f);
    }
}
