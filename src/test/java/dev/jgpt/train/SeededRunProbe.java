package dev.jgpt.train;

import dev.jgpt.tensor.Tensor;

import java.nio.file.Path;
import java.util.TreeMap;

/**
 * Run in a fresh JVM by {@link CrossProcessDeterminismTest} with a run folder: two training steps of a small model
 * from a fixed seed, then one line with every loss and a hash of every parameter bit. A fresh
 * JVM matters: the first steps run partly interpreted, so anything that computes differently
 * before and after the JIT compiles it shows up here and not in a warmed-up test JVM.
 */
public final class SeededRunProbe {
    public static void main(String[] args) throws Exception {
        TrainConfig c = Presets.get("tiny");
        c.maxIters = 2; c.lrDecayIters = 2; c.warmupIters = 1;
        c.evalInterval = 1000; c.checkpointInterval = 1000; c.tokenizer = "char";
        Path out = Path.of(args[0]);   // the test's temporary folder, which JUnit removes
        StringBuilder line = new StringBuilder();
        Trainer t = RunSetup.fresh(c, RunSetup.DEFAULT_DATA, out, null, 60_000);
        t.run(new Trainer.Listener() {
            @Override public void onStep(int step, int max, float loss, float lr, double tps) {
                line.append("loss ").append(Integer.toHexString(Float.floatToIntBits(loss))).append(' ');
            }
        });
        long h = 17;
        for (Tensor p : new TreeMap<>(t.model().parameters()).values()) {
            for (float x : p.data) h = h * 31 + Float.floatToRawIntBits(x);
        }
        System.out.println(line.append("params ").append(Long.toHexString(h)));
    }
}
