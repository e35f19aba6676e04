package dev.jgpt.cli;

import dev.jgpt.reason.MathProblem;
import dev.jgpt.reason.ReasoningTasks;
import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ReasonOptionsTest {
    private static ReasonOptions steps(String steps) {
        ReasonOptions o = new ReasonOptions();
        o.steps = steps;
        o.n = 40;
        return o;
    }

    private static long calculations(MathProblem p) { return p.solution().split("<<", -1).length - 1; }

    @Test
    void stepsChooseTheLengthOfHeldOutProblemsAndLmsiQuestions() {
        for (MathProblem p : steps("4").problems()) assertEquals(4, calculations(p), p.solution());
        List<MathProblem> twoOrThree = steps("2-3").problems();
        assertTrue(twoOrThree.stream().allMatch(p -> calculations(p) >= 2 && calculations(p) <= 3));
        assertEquals(2, twoOrThree.stream().map(ReasonOptionsTest::calculations).distinct().count(), "both lengths drawn");
        // Without --steps the draw is the default difficulty's, unchanged.
        assertEquals(new ReasoningTasks(1337, ReasoningTasks.DIFFICULTY).heldOut(40), steps(null).problems());
        assertEquals(ReasoningTasks.DIFFICULTY, steps("2-4").difficulty());
        assertNotEquals(steps(null).tasks().unlabeledQuestions(20, 1), steps("4").tasks().unlabeledQuestions(20, 1));
    }

    @Test
    void badStepsAreUserErrors() {
        for (String bad : new String[]{"four", "2-", "0", "3-2", "9", "1-99"}) {
            UserException e = assertThrows(UserException.class, () -> steps(bad).difficulty(), bad);
            assertTrue(e.getMessage().startsWith("--steps"), e.getMessage());
        }
    }
}
