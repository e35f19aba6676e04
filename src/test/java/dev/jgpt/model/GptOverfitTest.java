package dev.jgpt.model;

import dev.jgpt.train.AdamW;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

class GptOverfitTest {
    @Test
    void overfitsOneBatch() {
        GptConfig cfg = new GptConfig(2, 2, 32, 16, 20, 0f, true);
        Gpt m = Gpt.init(cfg, 1);
        Random r = new Random(3);
        int b = 2, t = 16;
        int[] x = new int[b * t], y = new int[b * t];
        for (int i = 0; i < x.length; i++) { x[i] = r.nextInt(20); y[i] = r.nextInt(20); }
        AdamW opt = new AdamW(m.parameters(), new AdamW.Hyper(0.9f, 0.95f, 1e-8f, 0f));
        float first = 0, last = 0;
        for (int step = 0; step < 150; step++) {
            opt.zeroGrad();
            var loss = m.loss(x, y, b, t, Gpt.Pass.EVAL);
            loss.backward();
            opt.update(3e-3f);
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(first > 2.5f, "initial loss near ln(20): " + first);
        assertTrue(last < 0.1f, "memorised the batch: " + last);
    }

    @Test
    void activationCheckpointingGivesTheSameGradients() {
        for (float dropout : new float[]{0f, 0.2f}) {
            GptConfig cfg = new GptConfig(2, 2, 16, 8, 11, dropout, true);
            Gpt a = Gpt.init(cfg, 5), b = Gpt.init(cfg, 5);
            Random r = new Random(9);
            int[] x = new int[16], y = new int[16];
            for (int i = 0; i < 16; i++) { x[i] = r.nextInt(11); y[i] = r.nextInt(11); }
            var la = a.loss(x, y, 2, 8, new Gpt.Pass(true, 3, false));
            var lb = b.loss(x, y, 2, 8, new Gpt.Pass(true, 3, true));
            org.junit.jupiter.api.Assertions.assertEquals(la.item(), lb.item(), 1e-6);
            la.backward();
            lb.backward();
            for (String name : a.parameters().keySet()) {
                float[] ga = a.param(name).grad(), gb = b.param(name).grad();
                for (int i = 0; i < ga.length; i++)
                    org.junit.jupiter.api.Assertions.assertEquals(ga[i], gb[i], 1e-5, name + "[" + i + "] dropout " + dropout);
            }
        }
    }
}
