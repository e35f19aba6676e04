package dev.jgpt.reason;

import dev.jgpt.data.synth.Corpus;
import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.data.synth.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    @Test
    void theTwoStylesVariantWritesHalfTheSolutionsAsBareCalculationsChosenPerProblem() {
        int[] n = styleCounts(ReasoningCorpusGenerator.TWO_STYLES_NAME);
        double bare = (double) n[1] / (n[0] + n[1] + n[2]);
        assertTrue(bare > 0.45 && bare < 0.55, "bare share " + bare);
        assertEquals(0, n[2]);
        // The style is drawn per problem, so few-shot sets mix them: exemplars never decide it.
        assertTrue(n[3] > 100, "few-shot sets with more than one style: " + n[3]);
        int[] usual = styleCounts("reasoning");
        assertEquals(0, usual[1] + usual[2] + usual[3], "the usual generator writes sentences only");
    }

    @Test
    void theThreeStylesVariantAddsANumbersLineAndMoreFourStepSolutions() {
        int[] n = styleCounts(ReasoningCorpusGenerator.THREE_STYLES_NAME);
        int all = n[0] + n[1] + n[2];
        for (int style = 0; style < 3; style++) assertTrue(n[style] > all / 4 && n[style] < all * 5 / 12, Arrays.toString(n));
        double usual = fourStepShare("reasoning"), three = fourStepShare(ReasoningCorpusGenerator.THREE_STYLES_NAME);
        assertTrue(three > usual * 1.5 && three < usual * 3, three + " vs " + usual);
    }

    @Test
    void theLongThreeStylesVariantWritesFourStepSolutionsThreeTimesAsOften() {
        int[] n = styleCounts(ReasoningCorpusGenerator.THREE_STYLES_MORE_LONG_NAME);
        int all = n[0] + n[1] + n[2];
        for (int style = 0; style < 3; style++) assertTrue(n[style] > all / 4 && n[style] < all * 5 / 12, Arrays.toString(n));
        double three = fourStepShare(ReasoningCorpusGenerator.THREE_STYLES_NAME), more = fourStepShare(ReasoningCorpusGenerator.THREE_STYLES_MORE_LONG_NAME);
        assertTrue(more > three * 2.2 && more < three * 3.8, more + " vs " + three);
    }

    /**
     * Worked solutions of {@code generator}'s first documents by style: {sentences, bare
     * calculations, numbers line then sentences, few-shot sets with more than one style}; checks
     * every solution's form, arithmetic and final line on the way.
     */
    @SuppressWarnings("unchecked")
    private static int[] styleCounts(String generator) {
        Iterator<Document> docs = Corpus.documents(13, CorpusMix.of(generator, 1));
        int[] n = new int[4];
        Pattern bareLine = Pattern.compile("([0-9+*/-]+) = <<\\1=(-?\\d+)>>\\2");
        for (int i = 0; i < 3000; i++) {
            Document d = docs.next();
            if (d.truth().get("problems") == null || d.truth().get("format").equals("direct")) continue;
            List<MathProblem> ps = (List<MathProblem>) d.truth().get("problems");
            Set<Integer> styles = new HashSet<>();
            for (MathProblem p : ps) {
                String[] lines = p.steps().split("\n");
                int style = lines[0].startsWith("The number") ? 2 : Character.isDigit(lines[0].charAt(0)) ? 1 : 0;
                if (style == 1) {
                    for (String line : lines) {
                        // "12+5 = <<12+5=17>>17": the expression, its calculator note and the result, nothing else
                        Matcher m = bareLine.matcher(line);
                        assertTrue(m.matches(), line);
                        assertEquals(Long.parseLong(m.group(2)), eval(m.group(1)), line);
                    }
                } else if (style == 2) {
                    List<String> numbers = new ArrayList<>();
                    for (Matcher m = Pattern.compile("\\d+").matcher(p.question()); m.find(); ) numbers.add(m.group());
                    for (String x : numbers) assertTrue(lines[0].contains(x), lines[0] + " lacks " + x);
                    assertTrue(Character.isLetter(lines[1].charAt(0)), p.solution());
                } else {
                    assertTrue(Character.isLetter(lines[0].charAt(0)), p.solution());
                }
                n[style]++;
                styles.add(style);
            }
            if (styles.size() > 1) n[3]++;
            MathProblem last = ps.get(ps.size() - 1);
            assertEquals(last.answer(), lastAnswerLine(d.text()), d.text());
            assertTrue(d.text().endsWith(last.steps() + "\n#### " + last.answer()), d.text());
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static double fourStepShare(String generator) {
        Iterator<Document> docs = Corpus.documents(11, CorpusMix.of(generator, 1));
        int problems = 0, fourSteps = 0;
        for (int i = 0; i < 6000; i++) {
            Document d = docs.next();
            if (d.truth().get("problems") == null) continue;
            for (MathProblem p : (List<MathProblem>) d.truth().get("problems")) {
                int steps = (int) p.steps().lines().filter(l -> l.contains("<<")).count();
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
