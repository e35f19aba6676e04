package dev.jgpt.bench;

import dev.jgpt.model.Gpt;
import dev.jgpt.model.GptConfig;
import dev.jgpt.tensor.Tensor;
import dev.jgpt.train.AdamW;

import java.util.Random;

/** Scratch timing of a training step (to be folded into the bench command). */
public final class TrainStepProbe {
    public static void main(String[] a) {
        GptConfig cfg = new GptConfig(6, 6, 384, 256, 4096, 0f, true);
        Gpt m = Gpt.init(cfg, 1);
        int b = 8, t = 256;
        Random r = new Random(1);
        int[] x = new int[b * t], y = new int[b * t];
        for (int i = 0; i < x.length; i++) { x[i] = r.nextInt(4096); y[i] = r.nextInt(4096); }
        AdamW opt = new AdamW(m.parameters(), AdamW.Hyper.gpt());
        for (int s = 0; s < 8; s++) {
            long t0 = System.nanoTime();
            opt.zeroGrad();
            Tensor loss = m.loss(x, y, b, t, Gpt.Pass.EVAL);
            long t1 = System.nanoTime();
            loss.backward();
            long t2 = System.nanoTime();
            opt.clipGradNorm(1f);
            opt.update(1e-4f);
            long t3 = System.nanoTime();
            System.out.printf("step %d loss %.4f fwd %.0f ms bwd %.0f ms opt %.0f ms total %.0f ms -> %.0f tok/s%n", s, loss.item(),
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6, b * t / ((t3 - t0) / 1e9));
        }
    }
}
