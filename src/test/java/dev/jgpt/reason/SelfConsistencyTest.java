package dev.jgpt.reason;

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
        CharTokenizer tok = CharTokenizer.fromCorpus("Question: 0123456789#\nAnswer:+-=<>", List.of("<|endoftext|>"));
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
        var a = SelfConsistency.run(gen, prompts, settings(7, 4), null);
        var b = SelfConsistency.run(gen, prompts, settings(7, 4), null);
        assertEquals(a, b);
        var c = SelfConsistency.run(gen, prompts, settings(8, 4), null);
        assertNotEquals(a.stream().map(o -> o.paths().stream().map(SelfConsistency.PathSample::text).toList()).toList(),
                c.stream().map(o -> o.paths().stream().map(SelfConsistency.PathSample::text).toList()).toList());
    }

    @Test
    void everyPathIsSampledAndVotedAndTemperaturesAlternate() {
        TextGenerator gen = generator();
        int[] progress = {0};
        var out = SelfConsistency.run(gen, List.of("Question: 5\nAnswer:"), settings(1, 1), d -> progress[0] = d);
        assertEquals(6, progress[0]);
        var o = out.get(0);
        assertEquals(6, o.paths().size());
        for (int j = 0; j < 6; j++) assertEquals(j % 2 == 0 ? 0.8f : 1.2f, o.paths().get(j).temperature());
        assertEquals(6, o.vote().paths());
        for (SelfConsistency.PathSample p : o.paths()) assertEquals(Answers.extract(p.text()), p.answer());
        assertEquals(Vote.of(o.paths().subList(0, 3).stream().map(p -> p.answer().value()).toList()), o.voteOfFirst(3));
    }

    @Test
    void rejectsGreedyOrEmptySettings() {
        assertThrows(IllegalArgumentException.class, () -> new SelfConsistency.Settings(4, List.of(0f), 0, 1f, 8, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> new SelfConsistency.Settings(0, List.of(0.7f), 0, 1f, 8, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> new SelfConsistency.Settings(4, List.of(), 0, 1f, 8, 1, 4));
    }
}
