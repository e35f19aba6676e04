package dev.jgpt.data.synth;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class DialogueGeneratorTest {
    @Property(tries = 30)
    void answersAgreeWithTheGroundTruth(@ForAll long seed) {
        World w = World.generate(seed);
        DialogueGenerator g = new DialogueGenerator(w);
        Random rng = new Random(seed);
        for (int i = 0; i < 40; i++) {
            Document d = g.generate(rng);
            @SuppressWarnings("unchecked") List<DialogueTurn> turns = d.truth("turns", List.class);
            StringBuilder expected = new StringBuilder();
            if (d.truth().containsKey("system")) {
                String system = d.truth("system", String.class);
                assertTrue(DialogueGenerator.SYSTEM_PROMPTS.contains(system));
                expected.append("<|im_start|>system\n").append(system).append("<|im_end|>\n");
            }
            for (DialogueTurn t : turns) {
                expected.append("<|im_start|>user\n").append(t.user()).append("<|im_end|>\n")
                        .append("<|im_start|>assistant\n").append(t.assistant()).append("<|im_end|>\n");
                check(w, t);
            }
            assertEquals(expected.toString(), d.text());
            assertFalse(d.text().contains("\n\n"));
        }
    }

    @Test
    void someDialoguesHaveASystemMessage() {
        DialogueGenerator g = new DialogueGenerator(World.generate(3));
        Random rng = new Random(3);
        int withSystem = 0;
        for (int i = 0; i < 400; i++) if (g.generate(rng).text().startsWith("<|im_start|>system\n")) withSystem++;
        assertTrue(withSystem > 60 && withSystem < 140, "about a quarter: " + withSystem);
    }

    private static void check(World w, DialogueTurn t) {
        String a = t.assistant();
        if (t.truth() instanceof Fact f) {
            assertTrue(w.holds(f), f.toString());
            String said = switch (f.relation()) {
                case LOCATION -> w.places().stream().filter(p -> p.name().equals(f.value())).findFirst().orElseThrow().phrase();
                case AGE -> f.value() + " years old";
                default -> f.value();
            };
            assertTrue(a.contains(" " + said + "."), "answer states the truth: " + t);
            if (t.user().startsWith("Is ") && !t.user().contains(" or ")) {
                boolean asksTruth = t.user().endsWith(" " + said + "?");
                assertTrue(a.startsWith(asksTruth ? "Yes, " : "No, "), t.toString());
            }
        } else if (t.truth() instanceof WordProblem p) {
            assertEquals(p.question(), t.user());
            assertTrue(a.endsWith("The answer is " + p.answer() + "."), a);
            for (SolutionStep s : p.solutionSteps()) assertEquals(s.result(), Calc.eval(s.expression()));
        } else if (t.truth() instanceof Long n) {
            String[] q = t.user().replace("What is ", "").replace("?", "").split(" ");
            long x = Long.parseLong(q[0]), y = Long.parseLong(q[2]);
            long expect = switch (q[1]) { case "plus" -> x + y; case "minus" -> x - y; case "times" -> x * y; default -> throw new AssertionError(q[1]); };
            assertEquals(expect, n.longValue());
            assertTrue(a.endsWith(" = " + n + "."), a);
            assertTrue(n >= 0);
        } else {
            assertNull(t.truth());
            assertEquals("Hello!", t.user());
        }
    }
}
