package dev.jgpt.generate;

import dev.jgpt.model.Gpt;
import dev.jgpt.model.GptConfig;
import dev.jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DecodeBatchTest {
    private static Generator generator() {
        Gpt m = Gpt.init(new GptConfig(2, 2, 16, 24, 11, 0f, true), 5);
        for (Tensor t : m.parameters().values()) if (t.rank() == 2) for (int i = 0; i < t.data.length; i++) t.data[i] *= 20;
        return new Generator(m);
    }

    @Test
    void sequencesJoiningMidwayDecodeAsIfAlone() {
        Generator g = generator();
        int[] a = {1, 2, 3}, b = {7, 4};
        SamplingConfig sa = new SamplingConfig(30, 0.8f, 0, 1f, 3), sb = SamplingConfig.greedy(12);
        int[] aloneA = g.generate(List.of(a), sa, -1, null, null).get(0).tokens();
        int[] aloneB = g.generate(List.of(b), sb, -1, null, null).get(0).tokens();
        DecodeBatch batch = new DecodeBatch(g);
        Sequence sqA = batch.add(a, sa, 0, 0, new int[0], null, null);
        for (int i = 0; i < 5; i++) batch.step();
        Sequence sqB = batch.add(b, sb, 0, 1, new int[0], null, null);   // joins while A runs
        assertEquals(2, batch.size());
        int finishedB = -1, steps = 0;
        while (batch.size() > 0) {
            steps++;
            for (Sequence s : batch.step()) if (s == sqB) finishedB = steps;
        }
        assertArrayEquals(aloneA, sqA.tokens());
        assertArrayEquals(aloneB, sqB.tokens());
        assertEquals(Generator.Finish.LENGTH, sqB.finish());
        assertTrue(finishedB > 0 && finishedB < steps, "B left while A went on");
    }

    @Test
    void aRepeatedPromptIsPrefilledOnceWithTheSameResult() {
        Generator g = generator();
        int[] p = {3, 1, 4, 1, 5}, other = {9, 2};
        SamplingConfig sc = new SamplingConfig(15, 1f, 0, 1f, 21);
        var shared = g.generate(List.of(p, p, p), sc, -1, null, null);
        var separate = g.generate(List.of(other, p), sc, -1, null, null);   // p prefilled on its own, stream 1
        assertArrayEquals(separate.get(1).tokens(), shared.get(1).tokens());
        assertFalse(java.util.Arrays.equals(shared.get(0).tokens(), shared.get(1).tokens()), "own random streams");
        // The prompt's keys and values are shared, not copied; what follows is each sequence's own.
        DecodeBatch batch = new DecodeBatch(g);
        Sequence a = batch.add(p, sc, 0, 0, new int[0], null, null), b = batch.add(p.clone(), sc, 1, 1, new int[0], null, null);
        Sequence c = batch.add(other, sc, 2, 2, new int[0], null, null);
        assertSame(a.pk, b.pk);
        assertSame(a.pv, b.pv);
        assertNotSame(a.pk, c.pk);
        assertNotSame(a.k, b.k);
        assertEquals(p.length, b.prefixLength);
        batch.step();
        Sequence d = batch.add(p, sc, 3, 3, new int[0], null, null);
        assertNotSame(a.pk, d.pk, "shared only among sequences added before the same step");
    }

    @Test
    void endTokensFinishASequenceWithoutBeingPartOfIt() {
        Generator g = generator();
        int[] p = {2};
        int[] free = g.generate(List.of(p), SamplingConfig.greedy(6), -1, null, null).get(0).tokens();
        DecodeBatch batch = new DecodeBatch(g);
        Sequence s = batch.add(p, SamplingConfig.greedy(6), 0, 0, new int[]{99, free[2]}, null, null);
        while (batch.size() > 0) batch.step();
        assertEquals(Generator.Finish.STOP, s.finish());
        int cut = 0;
        while (free[cut] != free[2]) cut++;
        assertArrayEquals(java.util.Arrays.copyOf(free, cut), s.tokens());
    }
}
