package dev.jgpt.reason;

import dev.jgpt.data.synth.ArithmeticGenerator;
import dev.jgpt.data.synth.CorpusGenerator;
import dev.jgpt.data.synth.Document;
import dev.jgpt.data.synth.World;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pretraining documents for the reasoning stage: training-split word problems written in all
 * four {@link PromptFormat}s, so that a model trained from scratch has seen each way of being
 * asked (as a web-trained model has seen worked examples, answer keys and tutorials):
 * <ul>
 *   <li>40% a single problem with its worked solution (the plain format);</li>
 *   <li>30% a few-shot set: 2–3 problems with worked solutions, the earlier ones often short;</li>
 *   <li>15% an answer key: 2–4 problems with only their answer lines;</li>
 *   <li>15% a zero-shot "Let's think step by step." solution.</li>
 * </ul>
 * Ground truth: {@code "problems"} ({@code List<MathProblem>}) and {@code "format"}.
 */
public final class ReasoningCorpusGenerator implements CorpusGenerator {
    public static final String NAME = "reasoning";
    private final ArithmeticGenerator problems, shortProblems;

    public ReasoningCorpusGenerator(World world) {
        problems = new ArithmeticGenerator(world, ReasoningTasks.DIFFICULTY);
        shortProblems = new ArithmeticGenerator(world, ReasoningTasks.EXEMPLAR_DIFFICULTY);
    }

    @Override public String name() { return NAME; }

    @Override
    public Document generate(Random rng) {
        int r = rng.nextInt(100);
        PromptFormat format = r < 40 ? PromptFormat.PLAIN : r < 70 ? PromptFormat.COT : r < 85 ? PromptFormat.DIRECT : PromptFormat.ZERO_SHOT;
        int n = switch (format) {
            case COT -> 2 + rng.nextInt(2);
            case DIRECT -> 2 + rng.nextInt(3);
            default -> 1;
        };
        List<MathProblem> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean isShort = i < n - 1 && rng.nextBoolean();
            ps.add(MathProblem.of("p" + i, (isShort ? shortProblems : problems).problem(rng)));
        }
        MathProblem last = ps.get(n - 1);
        String text = format.prompt(last.question(), ps.subList(0, n - 1))
                + format.completion(format == PromptFormat.DIRECT ? null : last.steps(), last.answer());
        return new Document(NAME, text, Map.of("problems", List.copyOf(ps), "format", format.label()));
    }
}
