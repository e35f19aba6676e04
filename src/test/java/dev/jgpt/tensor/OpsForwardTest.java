package dev.jgpt.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Forward values and argument checks of {@link Ops} on small hand-checkable cases. */
class OpsForwardTest {
    private final Random rng = new Random(9);

    private static Tensor range(int... shape) {
        float[] d = new float[Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = i;
        return Tensor.of(d, shape);
    }

    @Test void broadcastValues() {
        Tensor a = range(2, 1, 3), b = Tensor.of(new float[]{10, 20}, 2, 1);
        Tensor s = Ops.add(a, b);
        assertArrayEquals(new int[]{2, 2, 3}, s.shape);
        assertArrayEquals(new float[]{10, 11, 12, 20, 21, 22, 13, 14, 15, 23, 24, 25}, s.data);
        assertArrayEquals(new float[]{-10, -9, -8, -20, -19, -18, -7, -6, -5, -17, -16, -15}, Ops.sub(a, b).data);
        assertArrayEquals(new float[]{0, 2, 4}, Ops.mul(range(3), Tensor.scalar(2f)).data);
        assertArrayEquals(new float[]{0, 0.5f, 1}, Ops.div(range(3), Tensor.scalar(2f)).data);
        assertArrayEquals(new int[]{3}, Ops.mul(Tensor.scalar(2f), range(3)).shape);
    }

    @Test void incompatibleShapesThrow() {
        assertThrows(IllegalArgumentException.class, () -> Ops.add(range(2, 3), range(2)));
        assertThrows(IllegalArgumentException.class, () -> Ops.mul(range(3, 2), range(2, 3)));
    }

    @Test void zeroSizedBroadcast() {
        // NumPy: [0] with [1] -> [0]; [2,0] with [2,1] -> [2,0].
        assertArrayEquals(new int[]{0}, Ops.add(Tensor.zeros(0), Tensor.scalar(1f)).shape);
        assertArrayEquals(new int[]{0}, Ops.add(Tensor.zeros(0), Tensor.zeros(1)).shape);
        assertArrayEquals(new int[]{2, 0}, Ops.mul(Tensor.zeros(2, 1), Tensor.zeros(2, 0)).shape);
        assertThrows(IllegalArgumentException.class, () -> Ops.add(Tensor.zeros(0), Tensor.zeros(2)));
    }

    @Test void unaryValues() {
        float[] xs = {-40f, -3f, -0.5f, 0f, 0.7f, 4f, 40f};
        Tensor x = Tensor.of(xs, xs.length);
        float[] e = Ops.exp(x).data, t = Ops.tanh(x).data, ls = Ops.logSigmoid(x).data;
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Math.exp(xs[i]), e[i], 1e-6 * Math.exp(xs[i]));
            assertEquals(Math.tanh(xs[i]), t[i], 1e-6);
            double ref = xs[i] < 0 ? xs[i] - Math.log1p(Math.exp(xs[i])) : -Math.log1p(Math.exp(-xs[i]));
            assertEquals(ref, ls[i], 1e-6 * Math.max(1, Math.abs(ref)));
            assertTrue(Float.isFinite(ls[i]));
        }
        assertArrayEquals(new float[]{0f, 1f}, Ops.log(Tensor.of(new float[]{1f, (float) Math.E}, 2)).data, 1e-6f);
        assertArrayEquals(new float[]{-1f, 1.5f}, Ops.affine(Tensor.of(new float[]{0f, 1f}, 2), 2.5f, -1f).data);
    }

    @Test void matmulSmall() {
        Tensor a = range(2, 3), b = range(3, 2);
        assertArrayEquals(new float[]{10, 13, 28, 40}, Ops.matmul(a, b).data);
        assertArrayEquals(new float[]{10, 13, 28, 40}, Ops.matmul(Ops.transpose(a, 0, 1), b, true, false).data);
        assertArrayEquals(new float[]{10, 13, 28, 40}, Ops.matmul(a, Ops.transpose(b, 0, 1), false, true).data);
        assertThrows(IllegalArgumentException.class, () -> Ops.matmul(a, a));
        assertThrows(IllegalArgumentException.class, () -> Ops.matmul(range(2, 2, 3), range(3, 3, 2)));
        assertThrows(IllegalArgumentException.class, () -> Ops.matmul(range(3), range(3, 1)));
    }

    @Test void matmulWithEmptyInnerDimensionIsZero() {
        Tensor c = Ops.matmul(Tensor.zeros(2, 0), Tensor.zeros(0, 3));
        assertArrayEquals(new int[]{2, 3}, c.shape);
        assertArrayEquals(new float[6], c.data);
    }

    @Test void reshapeInfersOneDimension() {
        Tensor a = range(2, 3, 4);
        assertArrayEquals(new int[]{6, 4}, Ops.reshape(a, -1, 4).shape);
        assertArrayEquals(new int[]{2, 12}, Ops.reshape(a, 2, -1).shape);
        assertArrayEquals(a.data, Ops.reshape(a, 24).data);
        assertThrows(IllegalArgumentException.class, () -> Ops.reshape(a, 5, -1));
        assertThrows(IllegalArgumentException.class, () -> Ops.reshape(a, -1, -1));
    }

    @Test void transposeAndPermuteValues() {
        Tensor a = range(2, 3);
        Tensor t = Ops.transpose(a, 0, 1);
        assertArrayEquals(new int[]{3, 2}, t.shape);
        assertArrayEquals(new float[]{0, 3, 1, 4, 2, 5}, t.data);
        Tensor b = range(2, 3, 4);
        Tensor p = Ops.permute(b, 2, 0, 1);
        assertArrayEquals(new int[]{4, 2, 3}, p.shape);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 2; j++)
                for (int k = 0; k < 3; k++) assertEquals(b.data[j * 12 + k * 4 + i], p.data[i * 6 + j * 3 + k]);
        assertArrayEquals(b.data, Ops.permute(Ops.permute(b, 2, 0, 1), 1, 2, 0).data);
    }

    @Test void sliceValues() {
        Tensor a = range(2, 3, 2);
        Tensor s = Ops.slice(a, 1, 1, 3);
        assertArrayEquals(new int[]{2, 2, 2}, s.shape);
        assertArrayEquals(new float[]{2, 3, 4, 5, 8, 9, 10, 11}, s.data);
        assertArrayEquals(new float[]{1, 3, 5, 7, 9, 11}, Ops.slice(a, -1, 1, 2).data);
        assertEquals(0, Ops.slice(a, 0, 1, 1).numel());
        assertThrows(IllegalArgumentException.class, () -> Ops.slice(a, 1, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> Ops.slice(a, 1, 2, 1));
    }

    @Test void concatValues() {
        Tensor a = range(2, 2), b = Ops.affine(range(2, 1), 1, 10);
        assertArrayEquals(new float[]{0, 1, 10, 2, 3, 11}, Ops.concat(List.of(a, b), 1).data);
        Tensor c = Ops.concat(List.of(a, Ops.transpose(b, 0, 1)), 0);
        assertArrayEquals(new int[]{3, 2}, c.shape);
        assertArrayEquals(new float[]{0, 1, 2, 3, 10, 11}, c.data);
        assertThrows(IllegalArgumentException.class, () -> Ops.concat(List.of(a, b), 0));
        // Slicing a concatenation gives the parts back.
        Tensor x = GradCheck.constant(rng, 1f, 3, 2, 4), y = GradCheck.constant(rng, 1f, 3, 5, 4);
        Tensor xy = Ops.concat(List.of(x, y), 1);
        assertArrayEquals(x.data, Ops.slice(xy, 1, 0, 2).data);
        assertArrayEquals(y.data, Ops.slice(xy, 1, 2, 7).data);
    }

    @Test void embeddingAndSelectRows() {
        Tensor w = range(4, 3);
        Tensor e = Ops.embedding(w, new int[]{2, 0, 2});
        assertArrayEquals(new int[]{3, 3}, e.shape);
        assertArrayEquals(new float[]{6, 7, 8, 0, 1, 2, 6, 7, 8}, e.data);
        assertThrows(IllegalArgumentException.class, () -> Ops.embedding(w, new int[]{4}));
        assertThrows(IllegalArgumentException.class, () -> Ops.embedding(w, new int[]{-1}));
        Tensor s = Ops.selectRows(range(2, 2, 3), new int[]{3, 1});
        assertArrayEquals(new float[]{9, 10, 11, 3, 4, 5}, s.data);
    }

    @Test void reductions() {
        Tensor a = range(2, 3, 4);
        assertEquals(276f, Ops.sum(a).item());
        assertEquals(11.5f, Ops.mean(a).item());
        assertEquals(0, Ops.sum(a).rank());
        for (int dim = 0; dim < 3; dim++) {
            Tensor s = Ops.sum(a, dim), m = Ops.mean(a, dim);
            assertEquals(2, s.rank());
            int[] idx = new int[3];
            for (int o = 0; o < s.numel(); o++) {
                // Decode the output index, then add up the reduced dimension naively.
                int rem = o;
                for (int d = 2, j = 1; d >= 0; d--) {
                    if (d == dim) continue;
                    idx[d] = rem % s.shape[j];
                    rem /= s.shape[j];
                    j--;
                }
                float acc = 0;
                for (int l = 0; l < a.shape[dim]; l++) {
                    idx[dim] = l;
                    acc += a.data[idx[0] * 12 + idx[1] * 4 + idx[2]];
                }
                assertEquals(acc, s.data[o], 1e-5);
                assertEquals(acc / a.shape[dim], m.data[o], 1e-5);
            }
        }
        assertArrayEquals(Ops.sum(a, 2).data, Ops.sum(a, -1).data);
    }
}
