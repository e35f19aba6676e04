package dev.jgpt.cli;

import dev.jgpt.generate.Generator;
import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.model.Gpt;
import dev.jgpt.model.GptConfig;
import dev.jgpt.tensor.Gemms;
import dev.jgpt.tensor.Kernels;
import dev.jgpt.tensor.Parallel;
import dev.jgpt.tensor.Tensor;
import dev.jgpt.train.AdamW;
import dev.jgpt.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Speed benchmarks on random data (results for docs/BENCHMARKS.md).",
        subcommands = {BenchCommand.Train.class, BenchCommand.Generate.class, BenchServe.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }

    static class ModelOptions {
        @Option(names = "--layers", description = "n_layer (default: ${DEFAULT-VALUE}).") int layers = 6;
        @Option(names = "--heads", description = "n_head (default: ${DEFAULT-VALUE}).") int heads = 6;
        @Option(names = "--embd", description = "n_embd (default: ${DEFAULT-VALUE}).") int embd = 384;
        @Option(names = "--context", description = "block_size (default: ${DEFAULT-VALUE}).") int context = 256;
        @Option(names = "--vocab", description = "vocab_size (default: ${DEFAULT-VALUE}).") int vocab = 4096;
        @Option(names = "--gemm", description = "GEMM implementation: openblas or vector (default: ${DEFAULT-VALUE}).") String gemm = "openblas";
        @Option(names = "--json", description = "Print one JSON object as the last line.") boolean json;

        GptConfig config() {
            Gemms.set(Gemms.create(gemm));
            return new GptConfig(layers, heads, embd, context, vocab, 0f, true);
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Training steps per second (forward, backward, AdamW).")
    static final class Train implements Callable<Integer> {
        @picocli.CommandLine.Mixin ModelOptions m;
        @Option(names = "--batch", description = "Sequences per step (default: ${DEFAULT-VALUE}).") int batch = 8;
        @Option(names = "--steps", description = "Measured steps (default: ${DEFAULT-VALUE}).") int steps = 10;
        @Option(names = "--warmup", description = "Unmeasured warm-up steps (default: ${DEFAULT-VALUE}).") int warmup = 3;
        @Option(names = "--checkpoint-activations", description = "Recompute each block in the backward pass (less memory, more compute).")
        boolean recompute;

        @Override public Integer call() {
            GptConfig cfg = m.config();
            Gpt model = Gpt.init(cfg, 1);
            int t = cfg.blockSize();
            Random r = new Random(1);
            int[] x = new int[batch * t], y = new int[batch * t];
            for (int i = 0; i < x.length; i++) { x[i] = r.nextInt(cfg.vocabSize()); y[i] = r.nextInt(cfg.vocabSize()); }
            AdamW opt = new AdamW(model.parameters(), AdamW.Hyper.gpt());
            double[] secs = new double[steps];
            for (int s = 0; s < warmup + steps; s++) {
                long t0 = System.nanoTime();
                opt.zeroGrad();
                Tensor loss = model.loss(x, y, batch, t, new Gpt.Pass(false, 0, recompute));
                loss.backward();
                opt.clipGradNorm(1f);
                opt.update(1e-4f);
                double dt = (System.nanoTime() - t0) / 1e9;
                if (s >= warmup) secs[s - warmup] = dt;
                System.err.printf("step %d: %.0f ms, loss %.3f%s%n", s, dt * 1e3, loss.item(), s < warmup ? " (warm-up)" : "");
            }
            double med = median(secs);
            long tokens = (long) batch * t;
            double flops = 6.0 * model.parameterCount() * tokens + 12.0 * cfg.nLayer() * cfg.nEmbd() * t * tokens;
            Map<String, Object> o = header(cfg, model);
            o.put("batch", batch);
            o.put("activation_checkpointing", recompute);
            o.put("tokens_per_step", tokens);
            o.put("median_step_ms", med * 1e3);
            o.put("tokens_per_second", tokens / med);
            o.put("gflop_per_step", flops / 1e9);
            o.put("gflops", flops / med / 1e9);
            o.put("peak_rss_mb", peakRssMb());
            System.out.printf("bench train: %s, batch %d x %d: median %.0f ms/step, %.0f tokens/s, %.1f GFLOP/s, peak RSS %d MB%n",
                    cfg, batch, t, med * 1e3, tokens / med, flops / med / 1e9, peakRssMb());
            if (m.json) System.out.println(Json.line(o));
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Decoding tokens per second with the KV cache.")
    static final class Generate implements Callable<Integer> {
        @picocli.CommandLine.Mixin ModelOptions m;
        @Option(names = "--batch", split = ",", description = "Batch sizes (default: 1,8).") int[] batches = {1, 8};
        @Option(names = "--tokens", description = "New tokens per sequence (default: ${DEFAULT-VALUE}).") int tokens = 200;
        @Option(names = "--repeats", description = "Measured repeats per batch size (default: ${DEFAULT-VALUE}).") int repeats = 5;

        @Override public Integer call() {
            GptConfig cfg = m.config();
            Gpt model = Gpt.init(cfg, 1);
            Generator gen = new Generator(model);
            Map<String, Object> o = header(cfg, model);
            List<Map<String, Object>> rows = new ArrayList<>();
            int newTokens = Math.min(tokens, cfg.blockSize() - 1);
            for (int b : batches) {
                List<int[]> prompts = new ArrayList<>();
                for (int i = 0; i < b; i++) prompts.add(new int[]{i % cfg.vocabSize()});
                SamplingConfig sc = new SamplingConfig(newTokens, 1f, 0, 1f, 7);
                for (int w = 0; w < 2; w++) gen.generate(prompts, sc, -1, null, null); // warm-up (JIT)
                double[] tps = new double[repeats];
                for (int rep = 0; rep < repeats; rep++) {
                    long t0 = System.nanoTime();
                    var res = gen.generate(prompts, sc, -1, null, null);
                    double dt = (System.nanoTime() - t0) / 1e9;
                    long n = res.stream().mapToLong(rr -> rr.tokens().length).sum();
                    tps[rep] = n / dt;
                }
                double med = median(tps);
                System.out.printf("bench generate: batch %d, %d new tokens each: %.0f tokens/s (median of %d)%n", b, newTokens, med, repeats);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("batch", b);
                row.put("new_tokens", newTokens);
                row.put("tokens_per_second", med);
                rows.add(row);
            }
            o.put("results", rows);
            o.put("peak_rss_mb", peakRssMb());
            if (m.json) System.out.println(Json.line(o));
            return 0;
        }
    }

    static Map<String, Object> header(GptConfig cfg, Gpt model) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.putAll(Kernels.describe());
        o.put("threads", Parallel.threads());
        o.put("n_layer", cfg.nLayer());
        o.put("n_head", cfg.nHead());
        o.put("n_embd", cfg.nEmbd());
        o.put("block_size", cfg.blockSize());
        o.put("vocab_size", cfg.vocabSize());
        o.put("parameters", model.parameterCount());
        return o;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Peak resident set size (VmHWM) of this process, in MB; -1 where /proc is unavailable. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        } catch (Exception ignored) {
        }
        return -1;
    }
}
