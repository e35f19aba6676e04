package dev.jgpt.reason;

import dev.jgpt.data.synth.Corpus;
import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.data.synth.Document;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ReasoningCorpusGeneratorTest {
    @Test
    @SuppressWarnings("unchecked")
    void writesEveryFormatWithCorrectAnswersAndArithmetic() {
        Iterator<Document> docs = Corpus.documents(7, CorpusMix.of("reasoning", 1));
        Map<String, Integer> formats = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            Document d = docs.next();
            String f = (String) d.truth().get("format");
            formats.merge(f, 1, Integer::sum);
            if (f.equals("practice")) {
                String[] lines = d.text().split("\n");
                assertEquals(ReasoningCorpusGenerator.SHEET_LINES, lines.length);
                for (String line : lines) {
                    String[] sides = line.split(" = ");
                    assertEquals(2, sides.length, line);
                    assertEquals(Long.parseLong(sides[1]), eval(sides[0]), line);
                }
                continue;
            }
            List<MathProblem> ps = (List<MathProblem>) d.truth().get("problems");
            MathProblem last = ps.get(ps.size() - 1);
            assertEquals(last.answer(), lastAnswerLine(d.text()), d.text());
            assertTrue(d.text().startsWith("Question: "));
            if (f.equals("zero-shot")) assertTrue(d.text().contains(PromptFormat.TRIGGER));
            if (f.equals("direct")) assertFalse(d.text().contains("<<"), "answer keys have no worked steps");
            if (f.equals("cot")) assertTrue(ps.size() >= 2);
        }
        assertEquals(Map.of("plain", 0, "cot", 0, "direct", 0, "zero-shot", 0, "practice", 0).keySet(), formats.keySet());
        assertTrue(formats.get("practice") > 350 && formats.get("practice") < 650, formats.toString());
    }

    @Test
    void fourStepSolutionsAreRareAndNoneIsLonger() {
        double share = fourStepShare("reasoning");
        // One in 24 of the problems that are not short exemplars: about one in 30 of all.
        assertTrue(share > 1.0 / 60 && share < 1.0 / 15, "four-step share " + share);
    }

    @Test
    void theFewerLongVariantHalvesFourStepSolutions() {
        double usual = fourStepShare("reasoning"), fewer = fourStepShare(ReasoningCorpusGenerator.FEWER_LONG_NAME);
        assertTrue(fewer > usual / 3 && fewer < usual / 1.5, fewer + " vs " + usual);
        assertEquals(ReasoningCorpusGenerator.FEWER_LONG_NAME,
                Corpus.documents(5, CorpusMix.of(ReasoningCorpusGenerator.FEWER_LONG_NAME, 1)).next().source());
    }

    @SuppressWarnings("unchecked")
    private static double fourStepShare(String generator) {
        Iterator<Document> docs = Corpus.documents(11, CorpusMix.of(generator, 1));
        int problems = 0, fourSteps = 0;
        for (int i = 0; i < 6000; i++) {
            Document d = docs.next();
            if (d.truth().get("problems") == null) continue;
            for (MathProblem p : (List<MathProblem>) d.truth().get("problems")) {
                int steps = p.steps().split("\n").length;
                assertTrue(steps <= 4, p.solution());
                problems++;
                if (steps == 4) fourSteps++;
            }
        }
        return (double) fourSteps / problems;
    }

    private static String lastAnswerLine(String text) {
        String[] lines = text.split("\n");
        String last = lines[lines.length - 1];
        return Answers.extract(last).value();
    }

    /** Left-to-right +, -, *, / with * and / first: the calculator notes' integer arithmetic. */
    static long eval(String expr) {
        String[] sums = expr.split("(?=[+-])|(?<=[+-])");
        long total = 0;
        int sign = 1;
        for (String part : sums) {
            if (part.equals("+")) { sign = 1; continue; }
            if (part.equals("-")) { sign = -1; continue; }
            long term = 1;
            String[] factors = part.split("(?=[*/])|(?<=[*/])");
            char op = '*';
            for (String x : factors) {
                if (x.equals("*") || x.equals("/")) { op = x.charAt(0); continue; }
                long v = Long.parseLong(x);
                term = op == '*' ? term * v : term / v;
            }
            total += sign * term;
        }
        return total;
    }
}
