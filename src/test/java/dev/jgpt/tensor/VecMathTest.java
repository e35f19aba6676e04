package dev.jgpt.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class VecMathTest {
    private static float ulp(float a, double exact) {
        return (float) (Math.abs(a - exact) / Math.ulp((float) exact));
    }

    @Test
    void expIsWithinTwoUlpOfMathExp() {
        Random r = new Random(1);
        float worst = 0;
        for (int k = 0; k < 200_000; k++) {
            float x = (float) (r.nextDouble() * 175 - 87);
            worst = Math.max(worst, ulp(VecMath.exp(x), Math.exp(x)));
        }
        assertTrue(worst <= 2f, "worst error " + worst + " ulp");
        assertEquals(1f, VecMath.exp(0f));
        assertEquals(0f, VecMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, VecMath.exp(-200f));
        assertEquals(Float.POSITIVE_INFINITY, VecMath.exp(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(VecMath.exp(Float.NaN)));
    }

    /** Every lane does the scalar's arithmetic: a value does not depend on where it falls in a vector. */
    @Test
    void vectorLanesEqualTheScalarExpBitForBit() {
        Random r = new Random(2);
        float[] x = new float[1003];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 30);
        x[5] = Float.NEGATIVE_INFINITY;
        x[6] = Float.NaN;
        x[7] = 500f;
        for (int off : new int[]{0, 1, 3}) {
            float[] y = new float[x.length];
            float sum = VecMath.expShiftSum(x, off, y, 0, x.length - off, 0.5f);
            for (int i = 0; i < x.length - off; i++) {
                assertEquals(Float.floatToIntBits(VecMath.exp(x[off + i] - 0.5f)), Float.floatToIntBits(y[i]), "element " + i + " at offset " + off);
            }
            assertTrue(Float.isNaN(sum) == (off <= 6));
        }
    }

    @Test
    void geluMatchesTheTanhFormulaAndItsDerivative() {
        Random r = new Random(3);
        int n = 777;
        float[] x = new float[n], y = new float[n], dy = new float[n], dx = new float[n];
        for (int i = 0; i < n; i++) { x[i] = (float) (r.nextGaussian() * 4); dy[i] = 1f; }
        x[0] = -60f;
        x[1] = 60f;
        x[2] = 0f;
        VecMath.gelu(x, 0, y, 0, n);
        VecMath.geluBackward(x, 0, dy, 0, dx, 0, n);
        double c = Math.sqrt(2 / Math.PI), a = 0.044715;
        for (int i = 0; i < n; i++) {
            double v = x[i], u = c * (v + a * v * v * v), t = Math.tanh(u);
            double want = 0.5 * v * (1 + t), dwant = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * c * (1 + 3 * a * v * v);
            assertEquals(want, y[i], 1e-6 * Math.max(1, Math.abs(want)), "gelu at " + v);
            assertEquals(dwant, dx[i], 1e-6 * Math.max(1, Math.abs(dwant)), "gelu' at " + v);
        }
        float[] inPlace = x.clone();
        VecMath.gelu(inPlace, 0, inPlace, 0, n);
        assertArrayEquals(y, inPlace);
    }

    /** The attention kernels give the bits of the one-row kernels they replace, for any length and count. */
    @Test
    void rowKernelsEqualOneRowAtATimeBitForBit() {
        Random r = new Random(3);
        for (int n : new int[]{1, 5, 8, 13, 16, 48, 64, 70}) {
            for (int count : new int[]{0, 1, 3, 4, 5, 9}) {
                int stride = n + 3, off = 2;
                float[] q = new float[n + 1], keys = new float[off + count * stride + n], w = new float[count + 1];
                for (int i = 0; i < q.length; i++) q[i] = (float) r.nextGaussian();
                for (int i = 0; i < keys.length; i++) keys[i] = (float) r.nextGaussian();
                for (int i = 0; i < w.length; i++) w[i] = r.nextFloat();
                float[] rows = new float[count + 2], one = new float[count + 2];
                VecMath.dotRows(q, 1, keys, off, stride, n, count, 0.37f, rows, 1);
                for (int j = 0; j < count; j++) one[1 + j] = VecMath.dot(q, 1, keys, off + j * stride, n) * 0.37f;
                assertArrayEquals(bits(one), bits(rows), "dotRows n=" + n + " count=" + count);

                float[] y = new float[n + 4];
                for (int i = 0; i < y.length; i++) y[i] = (float) r.nextGaussian();
                float[] yRows = y.clone(), yOne = y.clone();
                VecMath.axpyRows(w, 1, keys, off, stride, n, count, yRows, 3);
                for (int j = 0; j < count; j++) VecMath.axpy(w[1 + j], keys, off + j * stride, yOne, 3, n);
                assertArrayEquals(bits(yOne), bits(yRows), "axpyRows n=" + n + " count=" + count);
            }
        }
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Float.floatToRawIntBits(a[i]);
        return b;
    }
}
