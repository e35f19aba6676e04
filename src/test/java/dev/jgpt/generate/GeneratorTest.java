package dev.jgpt.generate;

import dev.jgpt.model.Gpt;
import dev.jgpt.model.GptConfig;
import dev.jgpt.tensor.GradMode;
import dev.jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GeneratorTest {
    private static final GptConfig CFG = new GptConfig(2, 2, 16, 24, 11, 0f, true);

    private static Gpt model() {
        Gpt m = Gpt.init(CFG, 7);
        // Larger weights than the 0.02 init so greedy choices are well separated.
        for (Tensor t : m.parameters().values()) if (t.rank() == 2) for (int i = 0; i < t.data.length; i++) t.data[i] *= 20;
        return m;
    }

    /** Greedy decoding without a cache: re-run the whole prefix for every token. */
    private static int[] referenceGreedy(Gpt m, int[] prompt, int steps) {
        int[] seq = prompt.clone();
        try (var g = GradMode.off()) {
            for (int s = 0; s < steps; s++) {
                Tensor logits = m.logits(m.hidden(seq, 1, seq.length, Gpt.Pass.EVAL));
                int v = CFG.vocabSize(), last = (seq.length - 1) * v, best = 0;
                for (int i = 1; i < v; i++) if (logits.data[last + i] > logits.data[last + best]) best = i;
                seq = Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = best;
            }
        }
        return Arrays.copyOfRange(seq, prompt.length, seq.length);
    }

    @Test
    void kvCacheGreedyMatchesFullRecomputation() {
        Gpt m = model();
        int[] prompt = {1, 4, 2, 9};
        var res = new Generator(m).generate(List.of(prompt), SamplingConfig.greedy(12), -1, null, null);
        assertArrayEquals(referenceGreedy(m, prompt, 12), res.get(0).tokens());
        assertEquals(Generator.Finish.LENGTH, res.get(0).finish());
    }

    @Test
    void batchedEqualsOneAtATime() {
        Generator g = new Generator(model());
        List<int[]> prompts = List.of(new int[]{1, 2, 3}, new int[]{5}, new int[]{7, 7, 7, 7, 7});
        var greedy = g.generate(prompts, SamplingConfig.greedy(10), -1, null, null);
        for (int i = 0; i < prompts.size(); i++)
            assertArrayEquals(g.generate(List.of(prompts.get(i)), SamplingConfig.greedy(10), -1, null, null).get(0).tokens(), greedy.get(i).tokens());
        // Sampling: sequence 0 draws from stream (seed, 0) whether or not others share its batch.
        SamplingConfig sc = new SamplingConfig(10, 0.9f, 5, 0.95f, 42);
        assertArrayEquals(g.generate(List.of(prompts.get(0)), sc, -1, null, null).get(0).tokens(),
                g.generate(prompts, sc, -1, null, null).get(0).tokens());
    }

    @Test
    void identicalPromptsSharedPrefillMatchesSeparatePrefill() {
        Generator g = new Generator(model());
        int[] p = {1, 4, 2, 9, 3}, q = {5, 6};
        SamplingConfig sc = new SamplingConfig(14, 1.0f, 0, 1f, 3);
        var shared = g.generate(List.of(p, q, p.clone(), p.clone()), sc, -1, null, null);
        // Sequence i draws from stream (seed, i); alone in a batch of one it is sequence 0, so
        // compare each against a batch where it sits at the same index behind distinct prompts.
        for (int i : new int[]{0, 2, 3}) {
            List<int[]> distinct = new java.util.ArrayList<>();
            for (int j = 0; j < i; j++) distinct.add(new int[]{10 - j});
            distinct.add(p);
            assertArrayEquals(g.generate(distinct, sc, -1, null, null).get(i).tokens(), shared.get(i).tokens(), "sequence " + i);
        }
        var greedy = g.generate(List.of(p, p.clone()), SamplingConfig.greedy(14), -1, null, null);
        assertArrayEquals(referenceGreedy(model(), p, 14), greedy.get(1).tokens());
    }

    @Test
    void greedyIsDeterministicAndSeedChangesSamples() {
        Generator g = new Generator(model());
        List<int[]> p = List.of(new int[]{3});
        var a = g.generate(p, new SamplingConfig(15, 1.5f, 0, 1f, 1), -1, null, null).get(0).tokens();
        var b = g.generate(p, new SamplingConfig(15, 1.5f, 0, 1f, 1), -1, null, null).get(0).tokens();
        var c = g.generate(p, new SamplingConfig(15, 1.5f, 0, 1f, 2), -1, null, null).get(0).tokens();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    /** Greedy decoding that re-reads the last 3/4 of the window whenever it is full (the generator's policy). */
    private static int[] referenceSlidingGreedy(Gpt m, int[] prompt, int steps) {
        int block = CFG.blockSize(), keep = block - block / 4, ws = 0;
        int[] seq = prompt.clone();
        try (var g = GradMode.off()) {
            for (int s = 0; s < steps; s++) {
                if (seq.length - ws > block) ws = seq.length - keep;
                int[] ctx = Arrays.copyOfRange(seq, ws, seq.length);
                Tensor logits = m.logits(m.hidden(ctx, 1, ctx.length, Gpt.Pass.EVAL));
                int v = CFG.vocabSize(), last = (ctx.length - 1) * v, best = 0;
                for (int i = 1; i < v; i++) if (logits.data[last + i] > logits.data[last + best]) best = i;
                seq = Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = best;
            }
        }
        return Arrays.copyOfRange(seq, prompt.length, seq.length);
    }

    @Test
    void slidesPastTheContextWindowAndRejectsLongPrompts() {
        Gpt m = model();
        Generator g = new Generator(m);
        int[] prompt = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        var r = g.generate(List.of(prompt), SamplingConfig.greedy(60), -1, null, null).get(0);
        assertEquals(60, r.tokens().length);
        assertEquals(Generator.Finish.LENGTH, r.finish());
        assertArrayEquals(referenceSlidingGreedy(m, prompt, 60), r.tokens());
        // Batched: one sequence slides while the other (shorter prompt) does not yet.
        var both = g.generate(List.of(prompt, new int[]{3}), SamplingConfig.greedy(30), -1, null, null);
        assertArrayEquals(referenceSlidingGreedy(m, prompt, 30), both.get(0).tokens());
        assertArrayEquals(referenceSlidingGreedy(m, new int[]{3}, 30), both.get(1).tokens());
        // Sequences sharing a prompt's cache slide onto caches of their own.
        var twins = g.generate(List.of(prompt, prompt.clone()), SamplingConfig.greedy(60), -1, null, null);
        assertArrayEquals(r.tokens(), twins.get(0).tokens());
        assertArrayEquals(r.tokens(), twins.get(1).tokens());
        var ex = assertThrows(IllegalArgumentException.class, () -> g.generate(List.of(new int[25]), SamplingConfig.greedy(1), -1, null, null));
        assertTrue(ex.getMessage().contains("does not fit the context of 24"));
    }

    @Test
    void stopConditionAndEotEndSequences() {
        Generator g = new Generator(model());
        var r = g.generate(List.of(new int[]{1}), SamplingConfig.greedy(20), -1, (s, toks) -> toks.size() == 3, null).get(0);
        assertEquals(3, r.tokens().length);
        assertEquals(Generator.Finish.STOP, r.finish());
        int first = g.generate(List.of(new int[]{1}), SamplingConfig.greedy(1), -1, null, null).get(0).tokens()[0];
        var e = g.generate(List.of(new int[]{1}), SamplingConfig.greedy(20), first, null, null).get(0);
        assertEquals(0, e.tokens().length);
        assertEquals(Generator.Finish.STOP, e.finish());
    }
}
