package dev.jgpt.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Arithmetic word problems about the world's people with GSM8K-style worked solutions
 * ({@code <<a*b=c>>} calculator notes, final line {@code #### N}).
 *
 * <p>Ground truth: {@code "problem"} ({@link WordProblem}), {@code "answer"} (Long),
 * {@code "template"} (chain, compare or shop) and {@code "distractor"} (the irrelevant sentence,
 * or "" when none).
 */
public final class ArithmeticGenerator implements CorpusGenerator {
    public static final String NAME = "arithmetic";
    private final World world;
    private final Difficulty difficulty;

    public ArithmeticGenerator(World world, Difficulty difficulty) {
        this.world = world;
        this.difficulty = difficulty;
    }

    @Override public String name() { return NAME; }

    public Difficulty difficulty() { return difficulty; }

    /** A training-split problem: held-out questions ({@link ProblemSplit}) are never written into a corpus. */
    @Override
    public Document generate(Random rng) {
        Generated g = draw(rng, false);
        return new Document(NAME, g.problem.text(), Map.of("problem", g.problem, "answer", g.problem.answer(),
                "template", g.template, "distractor", g.distractor));
    }

    /** Just the problem, from the training split, for stages that format it themselves (dialogues, reasoning). */
    public WordProblem problem(Random rng) {
        return draw(rng, false).problem;
    }

    /** A problem from the held-out split, for evaluation only. */
    public WordProblem heldOutProblem(Random rng) {
        return draw(rng, true).problem;
    }

    private Generated draw(Random rng, boolean heldOut) {
        while (true) {
            Generated g = generateWithDetails(rng);
            if (ProblemSplit.isHeldOut(g.problem.question()) == heldOut) return g;
        }
    }

    private record Generated(WordProblem problem, String template, String distractor) {}

    private Generated generateWithDetails(Random rng) {
        int n = difficulty.minSteps() + rng.nextInt(difficulty.maxSteps() - difficulty.minSteps() + 1);
        ProblemDraft d = new ProblemDraft(world, difficulty, rng);
        String template;
        long answer;
        switch (rng.nextInt(3)) {
            case 0 -> { template = "chain"; answer = ProblemTemplates.chain(d, n); }
            case 1 -> { template = "compare"; answer = ProblemTemplates.compare(d, n); }
            default -> { template = "shop"; answer = ProblemTemplates.shop(d, n); }
        }
        String distractor = "";
        if (rng.nextDouble() < difficulty.distractorProbability()) {
            distractor = distractor(d);
            d.setup.add(1 + rng.nextInt(d.setup.size()), distractor);
        }
        return new Generated(d.build(answer), template, distractor);
    }

    /**
     * A true but irrelevant sentence with a number. It is about someone of the other gender, so
     * a following "she"/"he" still points at the hero, and never about the counted noun.
     */
    private String distractor(ProblemDraft d) {
        List<World.Person> others = new ArrayList<>();
        for (World.Person p : world.people()) if (p.female() != d.hero.female()) others.add(p);
        World.Person p = World.any(others, d.rng);
        if (d.rng.nextBoolean()) return p.name() + " is " + p.age() + " years old.";
        List<String> nouns = new ArrayList<>(Words.COUNTABLES);
        nouns.remove(d.noun);
        return p.name() + " has " + d.num(2, 1000) + " " + Text.plural(World.any(nouns, d.rng)) + ".";
    }
}
