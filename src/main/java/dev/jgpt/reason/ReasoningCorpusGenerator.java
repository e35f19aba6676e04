package dev.jgpt.reason;

import dev.jgpt.data.synth.ArithmeticGenerator;
import dev.jgpt.data.synth.CorpusGenerator;
import dev.jgpt.data.synth.Document;
import dev.jgpt.data.synth.SolutionStep;
import dev.jgpt.data.synth.Text;
import dev.jgpt.data.synth.World;
import dev.jgpt.data.synth.WordProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pretraining documents for the reasoning stage: training-split word problems of one to three
 * steps ({@link ReasoningTasks#PRETRAIN_DIFFICULTY}; a rare one of four) written in all
 * four {@link PromptFormat}s, so that a model trained from scratch has seen each way of being
 * asked (as a web-trained model has seen worked examples, answer keys and tutorials):
 * <ul>
 *   <li>30% a single problem with its worked solution (the plain format);</li>
 *   <li>25% a few-shot set: 2–3 problems with worked solutions, the earlier ones often short;</li>
 *   <li>10% an answer key: 2–4 problems with only their answer lines;</li>
 *   <li>10% a zero-shot "Let's think step by step." solution;</li>
 *   <li>25% a calculation practice sheet: the calculations of 16 training problems' steps, one
 *       {@code expression = result} a line. Worked solutions hold few calculations per token;
 *       a sheet packs them densely, as arithmetic practice in a web corpus does, and a small
 *       model learns the arithmetic several times faster with it.</li>
 * </ul>
 * Variants, named by {@code --mix}, change one thing each: how often a worked problem has four
 * steps, or in how many styles a worked solution may be written (measured, docs/RESULTS.md).
 * Ground truth: {@code "problems"} ({@code List<MathProblem>}) and {@code "format"}.
 */
public final class ReasoningCorpusGenerator implements CorpusGenerator {
    public static final String NAME = "reasoning";
    /** The same documents with a four-step worked problem half as often (one in 48): less of the longest problems seen. */
    public static final String FEWER_LONG_NAME = "reasoning-fewer-long";
    public static final int FEWER_LONG_ONE_IN = 48;
    /**
     * The same documents, but each worked solution is written, at random, either in sentences or
     * as bare calculations ({@code 12+5 = <<12+5=17>>17} a line): two styles of being right, chosen
     * by the model at its first token, so that sampled paths need not share one way of going wrong.
     */
    public static final String TWO_STYLES_NAME = "reasoning-two-styles";
    /**
     * Three styles, each a third of the worked solutions: sentences, bare calculations, and
     * sentences after a line that lists the question's numbers; four-step solutions one in
     * {@value #THREE_STYLES_LONG_ONE_IN}, so that each style still sees some.
     */
    public static final String THREE_STYLES_NAME = "reasoning-three-styles";
    public static final int THREE_STYLES_LONG_ONE_IN = 12;
    /**
     * The three styles with four-step solutions three times as often (one in
     * {@value #THREE_STYLES_MORE_LONG_ONE_IN}): a shorter pretraining reaches the four-step
     * problems' middle range.
     */
    public static final String THREE_STYLES_MORE_LONG_NAME = "reasoning-three-styles-long";
    public static final int THREE_STYLES_MORE_LONG_ONE_IN = 4;
    static final int SHEET_LINES = 16;
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private final ArithmeticGenerator problems, shortProblems, longProblems;
    private final String name;
    private final int longOneIn;
    /** Ways a worked solution may be written (1: sentences only; see {@link #withStyle}). */
    private final int styles;

    public ReasoningCorpusGenerator(World world) {
        this(world, NAME, ReasoningTasks.RARE_PRETRAIN_ONE_IN, 1);
    }

    /** The {@value #FEWER_LONG_NAME} generator: four-step worked problems one in {@value #FEWER_LONG_ONE_IN}. */
    public static ReasoningCorpusGenerator fewerLong(World world) {
        return new ReasoningCorpusGenerator(world, FEWER_LONG_NAME, FEWER_LONG_ONE_IN, 1);
    }

    /** The {@value #TWO_STYLES_NAME} generator: half of the worked solutions as bare calculations. */
    public static ReasoningCorpusGenerator twoStyles(World world) {
        return new ReasoningCorpusGenerator(world, TWO_STYLES_NAME, ReasoningTasks.RARE_PRETRAIN_ONE_IN, 2);
    }

    /** The {@value #THREE_STYLES_NAME} generator. */
    public static ReasoningCorpusGenerator threeStyles(World world) {
        return new ReasoningCorpusGenerator(world, THREE_STYLES_NAME, THREE_STYLES_LONG_ONE_IN, 3);
    }

    /** The {@value #THREE_STYLES_MORE_LONG_NAME} generator. */
    public static ReasoningCorpusGenerator threeStylesMoreLong(World world) {
        return new ReasoningCorpusGenerator(world, THREE_STYLES_MORE_LONG_NAME, THREE_STYLES_MORE_LONG_ONE_IN, 3);
    }

    /** A worked problem that is not a short exemplar has four steps with probability 1/{@code longOneIn}. */
    private ReasoningCorpusGenerator(World world, String name, int longOneIn, int styles) {
        this.name = name;
        this.longOneIn = longOneIn;
        this.styles = styles;
        problems = new ArithmeticGenerator(world, ReasoningTasks.PRETRAIN_DIFFICULTY);
        shortProblems = new ArithmeticGenerator(world, ReasoningTasks.EXEMPLAR_DIFFICULTY);
        longProblems = new ArithmeticGenerator(world, ReasoningTasks.RARE_PRETRAIN_DIFFICULTY);
    }

    @Override public String name() { return name; }

    @Override
    public Document generate(Random rng) {
        int r = rng.nextInt(100);
        if (r >= 75) return practiceSheet(rng);
        PromptFormat format = r < 30 ? PromptFormat.PLAIN : r < 55 ? PromptFormat.COT : r < 65 ? PromptFormat.DIRECT : PromptFormat.ZERO_SHOT;
        int n = switch (format) {
            case COT -> 2 + rng.nextInt(2);
            case DIRECT -> 2 + rng.nextInt(3);
            default -> 1;
        };
        List<MathProblem> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean isShort = i < n - 1 && rng.nextBoolean();
            boolean isLong = !isShort && rng.nextInt(longOneIn) == 0;
            WordProblem p = (isShort ? shortProblems : isLong ? longProblems : problems).problem(rng);
            // Each problem's style is drawn on its own, so exemplars never dictate the style.
            ps.add(withStyle("p" + i, p, rng));
        }
        MathProblem last = ps.get(n - 1);
        String text = format.prompt(last.question(), ps.subList(0, n - 1))
                + format.completion(format == PromptFormat.DIRECT ? null : last.steps(), last.answer());
        return new Document(name, text, Map.of("problems", List.copyOf(ps), "format", format.label()));
    }

    /**
     * The problem with its solution in a style drawn at random: sentences, bare calculations, or
     * a line listing the question's numbers before the sentences. One style draws nothing, so the
     * usual corpus is unchanged.
     */
    private MathProblem withStyle(String id, WordProblem p, Random rng) {
        MathProblem sentences = MathProblem.of(id, p);
        return switch (styles == 1 ? 0 : rng.nextInt(styles)) {
            case 0 -> sentences;
            case 1 -> sentences.withSolution(p.calculations());
            default -> sentences.withSolution(numbersLine(p.question()) + p.solution());
        };
    }

    /** "The numbers are 12, 5 and 3.": the question's numbers in order, a line. */
    private static String numbersLine(String question) {
        List<String> numbers = new ArrayList<>();
        for (Matcher m = NUMBER.matcher(question); m.find(); ) numbers.add(m.group());
        return (numbers.size() == 1 ? "The number is " : "The numbers are ") + Text.list(numbers) + ".\n";
    }

    /** The calculations of training problems' solution steps, one per line; ground truth "steps". */
    private Document practiceSheet(Random rng) {
        List<SolutionStep> steps = new ArrayList<>();
        while (steps.size() < SHEET_LINES) {
            List<SolutionStep> ss = problems.problem(rng).solutionSteps();
            steps.add(ss.get(rng.nextInt(ss.size())));
        }
        StringBuilder sb = new StringBuilder();
        for (SolutionStep st : steps) sb.append(st.expression()).append(" = ").append(st.result()).append('\n');
        return new Document(name, sb.toString().strip(), Map.of("steps", List.copyOf(steps), "format", "practice"));
    }
}
