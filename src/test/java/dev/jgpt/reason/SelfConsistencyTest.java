package dev.jgpt.reason;

import dev.jgpt.data.Seeds;
import dev.jgpt.generate.TextGenerator;
import dev.jgpt.model.Gpt;
import dev.jgpt.model.GptConfig;
import dev.jgpt.tensor.Tensor;
import dev.jgpt.tokenizer.CharTokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SelfConsistencyTest {
    static TextGenerator generator() {
        CharTokenizer tok = CharTokenizer.fromCorpus("Question: 0123456789#\nAnswer:+-*/=<>", List.of("<|endoftext|>"));
        Gpt m = Gpt.init(new GptConfig(1, 2, 16, 64, tok.vocabSize(), 0f, true), 3);
        for (Tensor t : m.parameters().values()) if (t.rank() == 2) for (int i = 0; i < t.data.length; i++) t.data[i] *= 10;
        return new TextGenerator(m, tok);
    }

    static SelfConsistency.Settings settings(long seed, int batch) {
        return new SelfConsistency.Settings(6, List.of(0.8f, 1.2f), 0, 1f, 12, seed, batch);
    }

    @Test
    void fixedSeedGivesTheSameVotesAndPaths() {
        TextGenerator gen = generator();
        List<String> prompts = List.of("Question: 12\nAnswer:", "Question: 3\nAnswer:");
        var a = SelfConsistency.run(gen, prompts, settings(7, 4), null, null);
        var b = SelfConsistency.run(gen, prompts, settings(7, 4), null, null);
        assertEquals(a, b);
        var c = SelfConsistency.run(gen, prompts, settings(8, 4), null, null);
        assertNotEquals(a.stream().map(o -> o.paths().stream().map(SelfConsistency.PathSample::text).toList()).toList(),
                c.stream().map(o -> o.paths().stream().map(SelfConsistency.PathSample::text).toList()).toList());
    }

    @Test
    void everyPathIsSampledAndVotedAndTemperaturesAlternate() {
        TextGenerator gen = generator();
        int[] progress = {0};
        var out = SelfConsistency.run(gen, List.of("Question: 5\nAnswer:"), settings(1, 1), null, d -> progress[0] = d);
        assertEquals(6, progress[0]);
        var o = out.get(0);
        assertEquals(6, o.paths().size());
        for (int j = 0; j < 6; j++) assertEquals(j % 2 == 0 ? 0.8f : 1.2f, o.paths().get(j).temperature());
        assertEquals(6, o.vote().paths());
        for (SelfConsistency.PathSample p : o.paths()) assertEquals(Answers.extract(p.text()), p.answer());
        assertEquals(Vote.of(o.paths().subList(0, 3).stream().map(p -> p.answer().value()).toList()), o.voteOfFirst(3));
    }

    static final List<MathProblem> PROBLEMS = List.of(new MathProblem("a", "12", "1+2=3\n#### 3", "3"),
            new MathProblem("b", "45", "4*5=20\n#### 20", "20"));
    static final List<MathProblem> SET0 = List.of(new MathProblem("e0", "7", "7\n#### 7", "7"));
    static final List<MathProblem> SET1 = List.of(new MathProblem("e1", "89", "8+9=17\n#### 17", "17"));

    /** {@code n} paths at temperature 1, no filters, 12 tokens, batches of 3. */
    static SelfConsistency.Settings paths(int n, long seed) {
        return new SelfConsistency.Settings(n, List.of(1.0f), 0, 1f, 12, seed, 3);
    }

    @Test
    void exemplarSetsTakeTurnsOverThePaths() {
        TextGenerator gen = generator();
        List<MathProblem> problems = PROBLEMS, set0 = SET0, set1 = SET1;
        var four = paths(4, 5);
        var two = paths(2, 5);
        var twoOther = paths(2, Seeds.derive(5, 9_001));
        int[] progress = {0};
        var both = Evaluation.voteOverPrompts(gen, problems, List.of(PromptFormat.COT), List.of(set0, set1), four, null, d -> progress[0] = d);
        var only0 = Evaluation.vote(gen, problems, PromptFormat.COT, set0, two, null, null);
        var only1 = Evaluation.vote(gen, problems, PromptFormat.COT, set1, twoOther, null, null);
        assertEquals(8, progress[0]);
        for (int i = 0; i < problems.size(); i++) {
            var paths = both.outcomes().get(i).paths();
            assertEquals(List.of(only0.outcomes().get(i).paths().get(0), only1.outcomes().get(i).paths().get(0),
                    only0.outcomes().get(i).paths().get(1), only1.outcomes().get(i).paths().get(1)), paths);
            assertEquals(Vote.of(paths.stream().map(p -> p.answer().value()).toList()), both.outcomes().get(i).vote());
        }
        // One set is plain self-consistency; more sets than paths is refused.
        assertEquals(Evaluation.vote(gen, problems, PromptFormat.COT, set0, four, null, null).outcomes(),
                Evaluation.voteOverPrompts(gen, problems, List.of(PromptFormat.COT), List.of(set0), four, null, null).outcomes());
        assertThrows(IllegalArgumentException.class, () -> Evaluation.voteOverPrompts(gen, problems, List.of(PromptFormat.COT),
                List.of(set0, set1, set0, set1, set0), four, null, null));
    }

    @Test
    void formatsTakeTurnsAndTheFewShotPathsTakeTheExemplarSets() {
        TextGenerator gen = generator();
        List<MathProblem> problems = PROBLEMS, set0 = SET0, set1 = SET1;
        var four = paths(4, 5);
        var mixed = Evaluation.voteOverPrompts(gen, problems, List.of(PromptFormat.COT, PromptFormat.PLAIN), List.of(set0, set1), four, null, null);
        // Prompts in order of first use: CoT with set 0 (path 0, the run's seed), plain (paths 1 and 3), CoT with set 1 (path 2).
        var cot0 = Evaluation.vote(gen, problems, PromptFormat.COT, set0, paths(1, 5), null, null);
        var plain = Evaluation.vote(gen, problems, PromptFormat.PLAIN, List.of(),
                paths(2, Seeds.derive(5, 9_001)), null, null);
        var cot1 = Evaluation.vote(gen, problems, PromptFormat.COT, set1,
                paths(1, Seeds.derive(5, 9_002)), null, null);
        for (int i = 0; i < problems.size(); i++)
            assertEquals(List.of(cot0.outcomes().get(i).paths().get(0), plain.outcomes().get(i).paths().get(0),
                    cot1.outcomes().get(i).paths().get(0), plain.outcomes().get(i).paths().get(1)), mixed.outcomes().get(i).paths());
        // Three sets for two few-shot paths, or no few-shot format at all, leave a set unused: refused.
        assertThrows(IllegalArgumentException.class, () -> Evaluation.voteOverPrompts(gen, problems,
                List.of(PromptFormat.COT, PromptFormat.PLAIN), List.of(set0, set1, set0), four, null, null));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.voteOverPrompts(gen, problems,
                List.of(PromptFormat.PLAIN), List.of(set0, set1), four, null, null));
    }

    @Test
    void rejectsGreedyOrEmptySettings() {
        assertThrows(IllegalArgumentException.class, () -> new SelfConsistency.Settings(4, List.of(0f), 0, 1f, 8, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> new SelfConsistency.Settings(0, List.of(0.7f), 0, 1f, 8, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> new SelfConsistency.Settings(4, List.of(), 0, 1f, 8, 1, 4));
    }
}
