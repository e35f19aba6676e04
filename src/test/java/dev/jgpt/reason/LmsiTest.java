package dev.jgpt.reason;

import dev.jgpt.generate.TextGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class LmsiTest {
    /** Ends every path after its first sampled character with "#### 7": every question is a sure consensus. */
    static final TextGenerator.Tool ANSWER_SEVEN = g -> g.length() > 0 && !g.toString().contains("####") ? "\n#### 7\n\n" : null;
    static final List<MathProblem> SET0 = SelfConsistencyTest.SET0, SET1 = SelfConsistencyTest.SET1;

    @Test
    void harvestOverExemplarSetsKeepsTheEnsemblesPathsUnderTheUsualPrompt() {
        TextGenerator gen = SelfConsistencyTest.generator();
        List<String> questions = List.of("12", "45", "3");
        var sampling = SelfConsistencyTest.paths(4, 5);
        Lmsi.Settings settings = new Lmsi.Settings(sampling, 0.5, 1);
        Lmsi.Harvest h = Lmsi.harvest(gen, questions, List.of(SET0, SET1), settings, ANSWER_SEVEN, null);
        assertEquals(3, h.confident());

        // The kept steps are the ensemble's paths (path j from set j mod 2), written with set 0's exemplars.
        List<List<String>> prompts = new ArrayList<>();
        for (List<MathProblem> set : List.of(SET0, SET1)) prompts.add(questions.stream().map(q -> PromptFormat.COT.prompt(q, set)).toList());
        var outcomes = SelfConsistency.runOverPromptSets(gen, prompts, sampling, ANSWER_SEVEN, null);
        Random rng = new Random(settings.seed());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++)
            for (String steps : Lmsi.consistentPaths(outcomes.get(i))) expected.add(Lmsi.document(questions.get(i), steps, "7", SET0, rng));
        assertEquals(expected, h.documents());
        assertEquals(expected.size(), h.pathsKept());
        assertTrue(h.pathsKept() >= 9, "most of the 12 paths have steps before '####': " + h.pathsKept());
        for (String d : h.documents()) assertFalse(d.contains("8+9=17"), "set 1's exemplar in a document: " + d);

        // One set is the usual harvest, and its paths are not the ensemble's.
        Lmsi.Harvest single = Lmsi.harvest(gen, questions, List.of(SET0), settings, ANSWER_SEVEN, null);
        assertTrue(single.pathsKept() >= 9);
        assertNotEquals(h.documents(), single.documents());
    }

    @Test
    void promptSetsMustMatchAndNotOutnumberThePaths() {
        TextGenerator gen = SelfConsistencyTest.generator();
        var two = new SelfConsistency.Settings(2, List.of(1.0f), 0, 1f, 8, 5, 2);
        assertThrows(IllegalArgumentException.class, () -> SelfConsistency.runOverPromptSets(gen,
                List.of(List.of("Question: 1\nAnswer:"), List.of("Question: 2\nAnswer:"), List.of("Question: 3\nAnswer:")), two, null, null));
        assertThrows(IllegalArgumentException.class, () -> SelfConsistency.runOverPromptSets(gen,
                List.of(List.of("Question: 1\nAnswer:"), List.of("Question: 2\nAnswer:", "Question: 3\nAnswer:")), two, null, null));
    }
}
