package dev.jgpt.reason;

import dev.jgpt.data.synth.Corpus;
import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.data.synth.Document;
import dev.jgpt.data.synth.ProblemSplit;
import dev.jgpt.data.synth.WordProblem;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ReasoningTasksTest {
    static final ReasoningTasks TASKS = new ReasoningTasks(1337, ReasoningTasks.DIFFICULTY);

    @Test
    void heldOutProblemsNeverAppearInTrainingData() {
        List<MathProblem> heldOut = TASKS.heldOut(300);
        Set<String> questions = new HashSet<>();
        for (MathProblem p : heldOut) {
            assertTrue(ProblemSplit.isHeldOut(p.question()));
            questions.add(p.question());
        }
        // Every generator that writes word problems: the reasoning corpus, the default mix (arithmetic, dialogues).
        int seen = 0;
        for (CorpusMix mix : List.of(CorpusMix.of("reasoning", 1), CorpusMix.DEFAULT)) {
            Iterator<Document> docs = Corpus.documents(1337, mix);
            for (int i = 0; i < 20_000; i++) {
                Document d = docs.next();
                for (String q : questionsIn(d)) {
                    seen++;
                    assertFalse(ProblemSplit.isHeldOut(q), "training document holds a held-out question: " + q);
                    assertFalse(questions.contains(q));
                }
            }
        }
        assertTrue(seen > 10_000, "the check must look at many problems, saw " + seen);
        for (String q : TASKS.unlabeledQuestions(500, 1)) assertFalse(ProblemSplit.isHeldOut(q));
        for (MathProblem e : TASKS.exemplars(4)) assertFalse(ProblemSplit.isHeldOut(e.question()));
    }

    @SuppressWarnings("unchecked")
    private static List<String> questionsIn(Document d) {
        if (d.truth().containsKey("problems"))
            return ((List<MathProblem>) d.truth().get("problems")).stream().map(MathProblem::question).toList();
        if (d.truth().containsKey("problem")) return List.of(d.truth("problem", WordProblem.class).question());
        if (d.truth().containsKey("turns"))
            return ((List<dev.jgpt.data.synth.DialogueTurn>) d.truth().get("turns")).stream()
                    .filter(t -> t.truth() instanceof WordProblem).map(t -> ((WordProblem) t.truth()).question()).toList();
        return List.of();
    }

    @Test
    void splitIsRoughlyOneInFiveAndStable() {
        int held = 0;
        for (int i = 0; i < 10_000; i++) if (ProblemSplit.isHeldOut("question number " + i)) held++;
        assertTrue(held > 1_700 && held < 2_300, "held out " + held);
        assertEquals(ProblemSplit.isHeldOut("Mia has 3 apples."), ProblemSplit.isHeldOut(new String("Mia has 3 apples.")));
    }

    @Test
    void setsAreDeterministicAndIndependent() {
        assertEquals(TASKS.heldOut(20), new ReasoningTasks(1337, ReasoningTasks.DIFFICULTY).heldOut(20));
        assertEquals(TASKS.heldOut(50).subList(0, 20), TASKS.heldOut(20), "a longer list extends a shorter one");
        assertNotEquals(TASKS.unlabeledQuestions(20, 1), TASKS.unlabeledQuestions(20, 2), "each LMSI round gets fresh questions");
        for (MathProblem p : TASKS.heldOut(50)) {
            assertTrue(p.labeled());
            assertEquals(p.answer(), Answers.extract(p.solution()).value(), "the solution's #### line is the answer");
        }
    }

    @Test
    void unlabeledDropsEverythingButTheQuestion() {
        MathProblem p = TASKS.heldOut(1).get(0).unlabeled();
        assertFalse(p.labeled());
        assertNull(p.solution());
        assertNull(p.answer());
    }
}
