package dev.jgpt.data.synth;

import dev.jgpt.util.UserException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class ArithmeticGeneratorTest {
    static final World WORLD = World.generate(3);
    static final Pattern NOTE = Pattern.compile("([-0-9+*/]+) = <<\\1=(-?\\d+)>>\\2");

    static List<Document> docs(Difficulty d, long seed, int n) {
        ArithmeticGenerator g = new ArithmeticGenerator(WORLD, d);
        Random rng = new Random(seed);
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(g.generate(rng));
        return out;
    }

    @Property(tries = 200)
    void answersRecomputeFromTheSteps(@ForAll long seed, @ForAll @IntRange(min = 1, max = Difficulty.MAX_STEPS) int steps,
                                      @ForAll boolean negatives) {
        Difficulty d = Difficulty.HARD.withSteps(1, steps).withNegatives(negatives);
        for (Document doc : docs(d, seed, 5)) {
            WordProblem p = doc.truth("problem", WordProblem.class);
            assertEquals(p.answer(), doc.truth("answer", Long.class));
            assertFalse(p.solutionSteps().isEmpty());
            for (SolutionStep s : p.solutionSteps()) {
                assertEquals(s.result(), Calc.eval(s.expression()), s.text());
                Matcher m = NOTE.matcher(s.text());
                assertTrue(m.find(), "GSM8K calculator note in: " + s.text());
                assertEquals(s.expression(), m.group(1));
                assertEquals(s.result(), Long.parseLong(m.group(2)));
            }
            assertEquals(p.answer(), p.solutionSteps().get(p.solutionSteps().size() - 1).result(), "answer is the last step's result");
            String[] lines = doc.text().split("\n");
            assertEquals("#### " + p.answer(), lines[lines.length - 1]);
            assertTrue(doc.text().startsWith("Question: " + p.question() + "\nAnswer: "));
            assertFalse(doc.text().contains("\n\n"));
            if (!negatives) {
                assertTrue(p.answer() >= 0, doc.text());
                for (SolutionStep s : p.solutionSteps()) assertTrue(s.result() >= 0, doc.text());
            }
        }
    }

    @Test
    void stepCountFollowsTheDifficulty() {
        for (int n = 1; n <= Difficulty.MAX_STEPS; n++) {
            for (Document doc : docs(Difficulty.MEDIUM.withSteps(n, n), n, 150)) {
                assertEquals(n, doc.truth("problem", WordProblem.class).solutionSteps().size(), doc.text());
            }
        }
        int[] seen = new int[6];
        for (Document doc : docs(Difficulty.MEDIUM.withSteps(2, 5), 9, 400)) {
            int k = doc.truth("problem", WordProblem.class).solutionSteps().size();
            assertTrue(k >= 2 && k <= 5);
            seen[k]++;
        }
        for (int k = 2; k <= 5; k++) assertTrue(seen[k] > 0, "all step counts in range occur");
    }

    @Test
    void everyTemplateOccurs() {
        java.util.Set<String> templates = new java.util.TreeSet<>();
        for (Document doc : docs(Difficulty.MEDIUM, 1, 200)) templates.add(doc.truth("template", String.class));
        assertEquals(java.util.Set.of("chain", "compare", "shop"), templates);
    }

    @Test
    void maxNumberBoundsTheGivens() {
        for (int max : new int[] {5, 12, 1000}) {
            long largest = 0;
            for (Document doc : docs(Difficulty.HARD.withMaxNumber(max).withDistractor(0), max, 300)) {
                String q = doc.truth("problem", WordProblem.class).question().replaceAll("\\d+ dollar note", "note");
                Matcher m = Pattern.compile("\\d+").matcher(q);
                while (m.find()) {
                    long v = Long.parseLong(m.group());
                    assertTrue(v <= max, v + " > " + max + " in " + q);
                    largest = Math.max(largest, v);
                }
            }
            assertTrue(largest > max / 2, "numbers use the range up to " + max + ", largest " + largest);
        }
    }

    @Test
    void distractorKnob() {
        for (Document doc : docs(Difficulty.EASY.withDistractor(1), 4, 200)) {
            String d = doc.truth("distractor", String.class);
            assertFalse(d.isEmpty());
            WordProblem p = doc.truth("problem", WordProblem.class);
            assertTrue(p.question().contains(d));
            assertFalse(p.question().startsWith(d), "the setup opens the problem");
            assertTrue(d.matches("[A-Z][a-z]+ (is \\d+ years old|has \\d+ [a-z]+)\\."), d);
            if (d.contains(" years old")) {
                String name = d.substring(0, d.indexOf(' '));
                assertTrue(WORLD.holds(new Fact(name, Relation.AGE, d.replaceAll("\\D", ""))), "distractors are true: " + d);
            }
            for (SolutionStep s : p.solutionSteps()) assertFalse(s.text().contains(d));
        }
        for (Document doc : docs(Difficulty.EASY.withDistractor(0), 4, 200)) assertEquals("", doc.truth("distractor", String.class));
    }

    @Test
    void negativesOnlyWhenAllowed() {
        assertTrue(docs(Difficulty.HARD.withNegatives(true), 5, 2000).stream()
                .anyMatch(d -> d.truth("answer", Long.class) < 0), "some score drops below zero");
        assertTrue(docs(Difficulty.HARD.withNegatives(false), 5, 2000).stream()
                .allMatch(d -> d.truth("answer", Long.class) >= 0));
    }

    @Test
    void sameRngSameProblem() {
        assertEquals(docs(Difficulty.HARD, 11, 20), docs(Difficulty.HARD, 11, 20));
        assertNotEquals(docs(Difficulty.HARD, 11, 20), docs(Difficulty.HARD, 12, 20));
    }

    @Test
    void invalidDifficultyIsAUserError() {
        assertThrows(UserException.class, () -> new Difficulty(0, 2, 20, 0, false));
        assertThrows(UserException.class, () -> new Difficulty(3, 2, 20, 0, false));
        assertThrows(UserException.class, () -> new Difficulty(1, Difficulty.MAX_STEPS + 1, 20, 0, false));
        assertThrows(UserException.class, () -> new Difficulty(1, 2, 4, 0, false));
        assertThrows(UserException.class, () -> new Difficulty(1, 2, 20, 1.5, false));
    }

    @Test
    void solutionIsInGsm8kFormat() {
        WordProblem p = new WordProblem("Q?", List.of(new SolutionStep("A = <<48/2=24>>24.", "48/2", 24)), 24);
        assertEquals("A = <<48/2=24>>24.\n#### 24", p.solution());
        assertEquals("Question: Q?\nAnswer: A = <<48/2=24>>24.\n#### 24", p.text());
        assertEquals("<<48/2=24>>", p.solutionSteps().get(0).calculatorNote());
    }
}
