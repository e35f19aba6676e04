package dev.jgpt.tensor;

import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Broadcasting, matmul and permute against naive loops over random shapes (jqwik). */
class OpsPropertyTest {

    // ---- broadcasting --------------------------------------------------------------------------

    /** Two shapes that broadcast: suffixes of a common shape with some dimensions set to 1. */
    @Provide
    Arbitrary<int[][]> broadcastPair() {
        return Arbitraries.integers().between(1, 4).list().ofMinSize(0).ofMaxSize(4)
                .flatMap(out -> Combinators.combine(operand(out), operand(out)).as((a, b) -> new int[][]{a, b}));
    }

    private static Arbitrary<int[]> operand(List<Integer> out) {
        int r = out.size();
        return Combinators.combine(Arbitraries.integers().between(0, r), Arbitraries.integers().between(0, (1 << r) - 1))
                .as((len, ones) -> {
                    int[] s = new int[len];
                    for (int i = 0; i < len; i++) s[i] = (ones >> i & 1) == 1 ? 1 : out.get(r - len + i);
                    return s;
                });
    }

    private static int[] broadcastShape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = dimFromEnd(a, r - 1 - i), db = dimFromEnd(b, r - 1 - i);
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    private static int dimFromEnd(int[] s, int k) { return k < s.length ? s[s.length - 1 - k] : 1; }

    /** Offset into an operand of shape s for the output multi-index idx (rank r >= s.length). */
    private static int offset(int[] s, int[] idx) {
        int off = 0;
        for (int j = 0; j < s.length; j++) {
            int i = idx[idx.length - s.length + j];
            off = off * s[j] + (s[j] == 1 ? 0 : i);
        }
        return off;
    }

    private static boolean next(int[] idx, int[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) return true;
            idx[d] = 0;
        }
        return false;
    }

    private static Tensor random(Random rng, float lo, float hi, int[] shape, boolean param) {
        float[] d = new float[Tensor.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = lo + rng.nextFloat() * (hi - lo);
        return param ? Tensor.parameter(d, shape) : Tensor.of(d, shape);
    }

    @Property(tries = 150)
    void broadcastArithmeticMatchesNaive(@ForAll("broadcastPair") int[][] shapes, @ForAll("seeds") long seed) {
        Random rng = new Random(seed);
        int[] sa = shapes[0], sb = shapes[1], so = broadcastShape(sa, sb);
        Tensor a = random(rng, -2f, 2f, sa, true), b = random(rng, 0.5f, 2f, sb, true);
        Tensor[] results = {Ops.add(a, b), Ops.sub(a, b), Ops.mul(a, b), Ops.div(a, b)};
        for (Tensor t : results) assertArrayEquals(so, t.shape);
        // Backward with upstream R: dA and dB are R (times the local derivative) summed over broadcast axes.
        float[] r = random(rng, -1f, 1f, so, false).data;
        results[3].backward(r);
        double[] ga = new double[a.numel()], gb = new double[b.numel()];
        int[] idx = new int[so.length];
        int k = 0;
        do {
            int ia = offset(sa, idx), ib = offset(sb, idx);
            float x = a.data[ia], y = b.data[ib];
            assertEquals(x + y, results[0].data[k]);
            assertEquals(x - y, results[1].data[k]);
            assertEquals(x * y, results[2].data[k]);
            assertEquals(x / y, results[3].data[k]);
            ga[ia] += r[k] / y;
            gb[ib] += -r[k] * x / ((double) y * y);
            k++;
        } while (next(idx, so));
        assertEquals(results[0].numel(), k);
        for (int i = 0; i < ga.length; i++) assertEquals(ga[i], a.grad()[i], 1e-4 * (1 + Math.abs(ga[i])));
        for (int i = 0; i < gb.length; i++) assertEquals(gb[i], b.grad()[i], 1e-4 * (1 + Math.abs(gb[i])));
    }

    @Property(tries = 40)
    void broadcastGradientsPassGradCheck(@ForAll("broadcastPair") int[][] shapes, @ForAll("seeds") long seed) {
        Random rng = new Random(seed);
        Tensor a = random(rng, -2f, 2f, shapes[0], true), b = random(rng, 0.5f, 2f, shapes[1], true);
        GradCheck.check(in -> Ops.add(Ops.mul(in.get(0), in.get(1)), Ops.sub(in.get(0), in.get(1))), a, b);
    }

    // ---- matmul --------------------------------------------------------------------------------

    /** op(A) op(B) per batch, in double; batch 0 means plain 2-D operands. */
    private static double[] naiveMatmul(float[] a, float[] b, int batch, boolean sharedB,
                                        int m, int k, int n, boolean ta, boolean tb) {
        int nb = Math.max(batch, 1);
        double[] c = new double[nb * m * n];
        for (int p = 0; p < nb; p++) {
            int ao = p * m * k, bo = sharedB ? 0 : p * k * n;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int l = 0; l < k; l++)
                        acc += (double) a[ao + (ta ? l * m + i : i * k + l)] * b[bo + (tb ? j * k + l : l * n + j)];
                    c[p * m * n + i * n + j] = acc;
                }
        }
        return c;
    }

    private static int[] matShape(int batch, int rows, int cols) {
        return batch == 0 ? new int[]{rows, cols} : new int[]{batch, rows, cols};
    }

    @Property(tries = 150)
    void matmulMatchesNaive(@ForAll @IntRange(min = 1, max = 9) int m, @ForAll @IntRange(min = 1, max = 9) int k,
                            @ForAll @IntRange(min = 1, max = 9) int n, @ForAll @IntRange(min = 0, max = 3) int batch,
                            @ForAll boolean ta, @ForAll boolean tb, @ForAll boolean shared, @ForAll("seeds") long seed) {
        Random rng = new Random(seed);
        boolean sharedB = shared && batch > 0;
        Tensor a = random(rng, -1f, 1f, matShape(batch, ta ? k : m, ta ? m : k), false);
        Tensor b = random(rng, -1f, 1f, matShape(sharedB ? 0 : batch, tb ? n : k, tb ? k : n), false);
        Tensor c = Ops.matmul(a, b, ta, tb);
        assertArrayEquals(matShape(batch, m, n), c.shape);
        double[] ref = naiveMatmul(a.data, b.data, batch, sharedB, m, k, n, ta, tb);
        for (int i = 0; i < ref.length; i++) assertEquals(ref[i], c.data[i], 1e-5 * (1 + k));
    }

    @Property(tries = 40)
    void matmulGradientsPassGradCheck(@ForAll @IntRange(min = 1, max = 5) int m, @ForAll @IntRange(min = 1, max = 5) int k,
                                      @ForAll @IntRange(min = 1, max = 5) int n, @ForAll @IntRange(min = 0, max = 2) int batch,
                                      @ForAll boolean ta, @ForAll boolean tb, @ForAll boolean shared, @ForAll("seeds") long seed) {
        Random rng = new Random(seed);
        boolean sharedB = shared && batch > 0;
        Tensor a = random(rng, -1f, 1f, matShape(batch, ta ? k : m, ta ? m : k), true);
        Tensor b = random(rng, -1f, 1f, matShape(sharedB ? 0 : batch, tb ? n : k, tb ? k : n), true);
        GradCheck.check(in -> Ops.matmul(in.get(0), in.get(1), ta, tb), a, b);
    }

    // ---- permute -------------------------------------------------------------------------------

    @Property(tries = 60)
    void permuteMatchesNaiveAndRoundTrips(@ForAll("shapes") int[] shape, @ForAll("seeds") long seed) {
        Random rng = new Random(seed);
        int r = shape.length;
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < r; i++) order.add(i);
        java.util.Collections.shuffle(order, rng);
        int[] perm = order.stream().mapToInt(Integer::intValue).toArray();
        Tensor x = random(rng, -1f, 1f, shape, true);
        Tensor y = Ops.permute(x, perm);
        int[] out = new int[r], inv = new int[r];
        for (int i = 0; i < r; i++) { out[i] = shape[perm[i]]; inv[perm[i]] = i; }
        assertArrayEquals(out, y.shape);
        int[] idx = new int[r], src = new int[r];
        int k = 0;
        do {
            for (int i = 0; i < r; i++) src[perm[i]] = idx[i];
            assertEquals(x.data[rowMajor(shape, src)], y.data[k++]);
        } while (next(idx, out));
        assertArrayEquals(x.data, Ops.permute(y, inv).data);
        // Backward is the inverse permutation of the upstream gradient.
        float[] g = random(rng, -1f, 1f, out, false).data;
        y.backward(g);
        assertArrayEquals(Ops.permute(Tensor.of(g, out), inv).data, x.grad());
    }

    /** Row-major offset of a full multi-index. */
    private static int rowMajor(int[] shape, int[] idx) {
        int off = 0;
        for (int j = 0; j < shape.length; j++) off = off * shape[j] + idx[j];
        return off;
    }

    /** Seeds for the values; their edge cases (0, MIN_VALUE, ...) add nothing. */
    @Provide
    Arbitrary<Long> seeds() { return Arbitraries.longs().withoutEdgeCases(); }

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(1).ofMaxSize(5);
    }

    @Example
    void naiveHelpersSelfCheck() {
        assertArrayEquals(new int[]{2, 3, 4}, broadcastShape(new int[]{2, 1, 4}, new int[]{3, 1}));
        assertArrayEquals(new int[]{5}, broadcastShape(new int[0], new int[]{5}));
        assertEquals(2 * 4 + 3, offset(new int[]{3, 4}, new int[]{9, 2, 3}));
        assertEquals(3, offset(new int[]{1, 4}, new int[]{2, 3}));
    }
}
