package dev.jgpt.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static dev.jgpt.tensor.GradCheck.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Finite-difference gradient checks for every op in {@link Ops}, for each of its inputs. */
class OpsGradientTest {
    private final Random rng = new Random(42);

    private static void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) { GradCheck.check(f, inputs); }

    // ---- arithmetic ----------------------------------------------------------------------------

    @Test void addSubMulSameShape() {
        Tensor a = param(rng, 1f, 2, 3), b = param(rng, 1f, 2, 3);
        check(in -> Ops.add(in.get(0), in.get(1)), a, b);
        check(in -> Ops.sub(in.get(0), in.get(1)), a, b);
        check(in -> Ops.mul(in.get(0), in.get(1)), a, b);
    }

    @Test void divSameShape() {
        Tensor a = param(rng, 1f, 2, 3), b = param(rng, 0.5f, 2f, 2, 3);
        check(in -> Ops.div(in.get(0), in.get(1)), a, b);
    }

    @Test void broadcastTrailingVector() {
        Tensor a = param(rng, 1f, 2, 3, 4), b = param(rng, 1f, 4);
        check(in -> Ops.add(in.get(0), in.get(1)), a, b);
        check(in -> Ops.add(in.get(1), in.get(0)), a, b);
        check(in -> Ops.sub(in.get(0), in.get(1)), a, b);
        check(in -> Ops.sub(in.get(1), in.get(0)), a, b);
        check(in -> Ops.mul(in.get(0), in.get(1)), a, b);
    }

    @Test void broadcastBothOperands() {
        // [2,1,4] x [3,1] -> [2,3,4]: each operand is broadcast along a different axis.
        Tensor a = param(rng, 1f, 2, 1, 4), b = param(rng, 1f, 3, 1);
        check(in -> Ops.mul(in.get(0), in.get(1)), a, b);
        check(in -> Ops.add(in.get(0), in.get(1)), a, b);
        check(in -> Ops.sub(in.get(1), in.get(0)), a, b);
    }

    @Test void divByBroadcast() {
        Tensor a = param(rng, 1f, 2, 3, 4), b = param(rng, 0.5f, 2f, 3, 1);
        check(in -> Ops.div(in.get(0), in.get(1)), a, b);
        Tensor c = param(rng, 0.5f, 2f, 2, 3, 4), d = param(rng, 1f, 4);
        check(in -> Ops.div(in.get(1), in.get(0)), c, d);
    }

    @Test void scalarOperands() {
        Tensor a = param(rng, 1f, 3, 2), s = Tensor.parameter(new float[]{1.3f});
        check(in -> Ops.mul(in.get(0), in.get(1)), a, s);
        check(in -> Ops.add(in.get(1), in.get(0)), a, s);
        check(in -> Ops.div(in.get(0), in.get(1)), a, s);
        check(in -> Ops.sub(in.get(1), in.get(0)), a, s);
    }

    @Test void sameTensorOnBothSides() {
        Tensor a = param(rng, 0.5f, 2f, 3, 2);
        check(in -> Ops.mul(in.get(0), in.get(0)), a);
        check(in -> Ops.div(in.get(0), in.get(0)), a);
        check(in -> Ops.add(in.get(0), in.get(0)), a);
    }

    @Test void affineAndScale() {
        Tensor a = param(rng, 1f, 2, 5);
        check(in -> Ops.affine(in.get(0), -1.7f, 0.3f), a);
        check(in -> Ops.scale(in.get(0), 2.5f), a);
    }

    // ---- unary ---------------------------------------------------------------------------------

    @Test void exp() { check(in -> Ops.exp(in.get(0)), param(rng, 1.5f, 3, 4)); }

    @Test void log() { check(in -> Ops.log(in.get(0)), param(rng, 0.5f, 3f, 3, 4)); }

    @Test void tanh() { check(in -> Ops.tanh(in.get(0)), param(rng, 2f, 3, 4)); }

    @Test void logSigmoid() {
        check(in -> Ops.logSigmoid(in.get(0)), param(rng, 4f, 3, 4));
        // Far tails, where the stable form matters.
        check(in -> Ops.logSigmoid(in.get(0)), Tensor.parameter(new float[]{-30f, -12f, 12f, 30f}, 4));
    }

    // ---- matmul --------------------------------------------------------------------------------

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void matmul2d(boolean ta, boolean tb) {
        int m = 3, k = 4, n = 5;
        Tensor a = ta ? param(rng, 1f, k, m) : param(rng, 1f, m, k);
        Tensor b = tb ? param(rng, 1f, n, k) : param(rng, 1f, k, n);
        check(in -> Ops.matmul(in.get(0), in.get(1), ta, tb), a, b);
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void matmulBatched(boolean ta, boolean tb) {
        int m = 3, k = 4, n = 2;
        Tensor a = ta ? param(rng, 1f, 2, 3, k, m) : param(rng, 1f, 2, 3, m, k);
        Tensor b = tb ? param(rng, 1f, 2, 3, n, k) : param(rng, 1f, 2, 3, k, n);
        check(in -> Ops.matmul(in.get(0), in.get(1), ta, tb), a, b);
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void matmulSharedB(boolean ta, boolean tb) {
        int m = 3, k = 4, n = 5;
        Tensor a = ta ? param(rng, 1f, 2, 3, k, m) : param(rng, 1f, 2, 3, m, k);
        Tensor b = tb ? param(rng, 1f, n, k) : param(rng, 1f, k, n);
        check(in -> Ops.matmul(in.get(0), in.get(1), ta, tb), a, b);
    }

    @Test void matmulOneSideOnly() {
        // Only one operand needs a gradient: the other's branch must be skipped cleanly.
        Tensor a = param(rng, 1f, 2, 3, 4), b = GradCheck.constant(rng, 1f, 4, 5);
        check(in -> Ops.matmul(in.get(0), b), a);
        Tensor c = GradCheck.constant(rng, 1f, 2, 3, 4), d = param(rng, 1f, 4, 5);
        check(in -> Ops.matmul(c, in.get(0)), d);
    }

    @Test void matmulVectorShapes() {
        Tensor a = param(rng, 1f, 1, 6), b = param(rng, 1f, 6, 1);
        check(in -> Ops.matmul(in.get(0), in.get(1)), a, b);
        check(in -> Ops.matmul(in.get(1), in.get(0)), a, b);
    }

    // ---- shape ---------------------------------------------------------------------------------

    @Test void reshape() {
        Tensor a = param(rng, 1f, 2, 3, 4);
        check(in -> Ops.reshape(in.get(0), 6, -1), a);
        // Through a following op, so the reshaped layout matters.
        Tensor w = GradCheck.constant(rng, 1f, 4, 6);
        check(in -> Ops.matmul(Ops.reshape(in.get(0), 6, 4), w), a);
    }

    @ParameterizedTest(name = "dims {0},{1}")
    @CsvSource({"0,1", "1,2", "0,2", "-1,-2"})
    void transpose(int d0, int d1) {
        check(in -> Ops.transpose(in.get(0), d0, d1), param(rng, 1f, 2, 3, 4));
    }

    @Test void permute() {
        check(in -> Ops.permute(in.get(0), 2, 0, 3, 1), param(rng, 1f, 2, 3, 4, 2));
        check(in -> Ops.permute(in.get(0), 1, 0), param(rng, 1f, 3, 5));
    }

    @ParameterizedTest(name = "dim {0}")
    @ValueSource(ints = {0, 1, 2, -1})
    void slice(int dim) {
        check(in -> Ops.slice(in.get(0), dim, 1, 3), param(rng, 1f, 3, 4, 5));
    }

    @ParameterizedTest(name = "dim {0}")
    @ValueSource(ints = {0, 1, 2})
    void concat(int dim) {
        int[] s1 = {2, 3, 4}, s2 = {2, 3, 4};
        s2[dim] = 1;
        Tensor a = param(rng, 1f, s1), b = param(rng, 1f, s2), c = param(rng, 1f, s1);
        check(in -> Ops.concat(in, dim), a, b, c);
    }

    @Test void concatWithConstantPart() {
        Tensor a = param(rng, 1f, 2, 3), k = GradCheck.constant(rng, 1f, 2, 2);
        check(in -> Ops.concat(List.of(k, in.get(0), k), 1), a);
    }

    // ---- gathers and reductions ----------------------------------------------------------------

    @Test void embeddingWithRepeatedIds() {
        check(in -> Ops.embedding(in.get(0), new int[]{3, 0, 3, 1, 3}), param(rng, 1f, 5, 4));
    }

    @Test void embeddingSumOfTwoTables() {
        int[] ids = {3, 0, 3, 1}, pos = {0, 1, 2, 1};
        check(in -> Ops.embeddingSum(in.get(0), ids, in.get(1), pos), param(rng, 1f, 5, 4), param(rng, 1f, 3, 4));
        Tensor a = param(rng, 1f, 5, 4), b = param(rng, 1f, 3, 4);
        assertArrayEquals(Ops.add(Ops.embedding(a, ids), Ops.embedding(b, pos)).data, Ops.embeddingSum(a, ids, b, pos).data);
        assertThrows(IllegalArgumentException.class, () -> Ops.embeddingSum(a, new int[]{5}, b, new int[]{0}));
    }

    @Test void selectRows() {
        check(in -> Ops.selectRows(in.get(0), new int[]{5, 0, 2, 5}), param(rng, 1f, 2, 3, 4));
        check(in -> Ops.selectRows(in.get(0), new int[]{1}), param(rng, 1f, 3, 4));
    }

    @Test void sumAndMeanOverall() {
        Tensor a = param(rng, 1f, 3, 4);
        check(in -> Ops.sum(in.get(0)), a);
        check(in -> Ops.mean(in.get(0)), a);
    }

    @ParameterizedTest(name = "dim {0}")
    @ValueSource(ints = {0, 1, 2, -1})
    void sumAndMeanOverDim(int dim) {
        Tensor a = param(rng, 1f, 2, 3, 4);
        check(in -> Ops.sum(in.get(0), dim), a);
        check(in -> Ops.mean(in.get(0), dim), a);
    }

    @Test void composite() {
        // mean(tanh(x W) * exp(b) - log(c)) over a small graph mixing most ops.
        Tensor x = param(rng, 1f, 2, 3, 4), w = param(rng, 1f, 4, 5), b = param(rng, 0.5f, 5), c = param(rng, 0.5f, 2f, 3, 1);
        check(in -> Ops.mean(Ops.sub(Ops.mul(Ops.tanh(Ops.matmul(in.get(0), in.get(1))), Ops.exp(in.get(2))),
                Ops.log(in.get(3))), 1), x, w, b, c);
    }
}
