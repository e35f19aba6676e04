package dev.jgpt.bench;

import dev.jgpt.tensor.Gemm;
import dev.jgpt.tensor.VectorGemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * SGEMM throughput for 1024^3 and the shapes of a GPT training step, in the three transposition
 * combinations the forward and backward passes use (NN forward, NT grad-input, TN grad-weight).
 *
 * <p>JMH reports milliseconds per call; GFLOP/s = 2*M*N*K / (ms * 1e6). {@link #main} runs the
 * benchmark and prints that conversion. Run with e.g.
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *        dev.jgpt.bench.GemmBench [impl=vector] [shape=2048x1152x384] [trans=NN]
 * </pre>
 * or through JMH's own launcher: {@code org.openjdk.jmh.Main GemmBench -p impl=vector}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {

    /** Which implementation to measure; see {@link #implementation}. */
    @Param({"openblas", "vector"})
    public String impl;

    /** M x N x K. */
    @Param({"1024x1024x1024", "2048x1152x384", "2048x384x1536", "2048x4096x384"})
    public String shape;

    /** op(A) op(B): N = as stored, T = transposed. */
    @Param({"NN", "NT", "TN"})
    public String trans;

    private Gemm gemm;
    private boolean ta, tb;
    private int m, n, k, lda, ldb;
    private float[] a, b, c;

    /** Maps the {@code impl} parameter to an implementation. */
    static Gemm implementation(String name) {
        switch (name) {
            case "vector":
                return new VectorGemm();
            case "openblas": return new dev.jgpt.tensor.BlasGemm();
            default:
                throw new IllegalArgumentException("unknown gemm implementation: " + name);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        gemm = implementation(impl);
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        ta = trans.charAt(0) == 'T';
        tb = trans.charAt(1) == 'T';
        lda = ta ? m : k;
        ldb = tb ? k : n;
        Random rnd = new Random(1);
        a = random(rnd, m * k);
        b = random(rnd, k * n);
        c = new float[m * n];
    }

    @Benchmark
    public float[] sgemm() {
        gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        return c;
    }

    private static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** Runs the benchmark with optional {@code param=value} overrides and prints GFLOP/s. */
    public static void main(String[] args) throws RunnerException {
        OptionsBuilder opt = new OptionsBuilder();
        opt.include(GemmBench.class.getSimpleName());
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            opt.param(kv[0], kv[1].split(","));
        }
        Options options = opt.build();
        for (var result : new Runner(options).run()) {
            var p = result.getParams();
            String[] d = p.getParam("shape").split("x");
            double flops = 2.0 * Long.parseLong(d[0]) * Long.parseLong(d[1]) * Long.parseLong(d[2]);
            double ms = result.getPrimaryResult().getScore();
            System.out.printf("%-8s %-16s %s  %8.3f ms  %6.1f GFLOP/s%n",
                    p.getParam("impl"), p.getParam("shape"), p.getParam("trans"), ms, flops / (ms * 1e6));
        }
    }
}
