package dev.jgpt.reason;

import dev.jgpt.data.Seeds;
import dev.jgpt.data.synth.ArithmeticGenerator;
import dev.jgpt.data.synth.Corpus;
import dev.jgpt.data.synth.Difficulty;
import dev.jgpt.data.synth.World;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated reasoning tasks with ground truth: multi-step arithmetic word problems of one
 * {@link World}, split into training and held-out questions by {@link dev.jgpt.data.synth.ProblemSplit}.
 * Each kind of draw uses its own random stream, so held-out problems, LMSI's unlabeled
 * questions and the prompt exemplars never depend on each other's sizes.
 */
public final class ReasoningTasks {
    /**
     * Held-out and LMSI problems: two to four steps, given numbers up to 20, a distractor
     * sentence now and then.
     */
    public static final Difficulty DIFFICULTY = new Difficulty(2, 4, 20, 0.2, false);
    /**
     * Worked solutions in the pretraining corpus have one to three steps, and only one in
     * {@link #RARE_PRETRAIN_ONE_IN} has four ({@link #RARE_PRETRAIN_DIFFICULTY}). So, as in the
     * LMSI paper (whose model never trained on GSM8K solutions), the longest held-out problems
     * are ones the model has seen solved only rarely, and LMSI can teach them from its own paths.
     * With no four-step solutions at all the model solves 3% of them and has nothing right to
     * learn from; with one in eight it solves nearly all and has nothing left to gain (measured,
     * docs/RESULTS.md).
     */
    public static final Difficulty PRETRAIN_DIFFICULTY = new Difficulty(1, 3, 20, 0.2, false);
    /** One worked problem in {@link #RARE_PRETRAIN_ONE_IN} of the pretraining corpus is this long. */
    public static final Difficulty RARE_PRETRAIN_DIFFICULTY = new Difficulty(4, 4, 20, 0.2, false);
    public static final int RARE_PRETRAIN_ONE_IN = 24;
    /** Exemplars are short (one or two steps), so a two-shot prompt leaves room for the answer. */
    public static final Difficulty EXEMPLAR_DIFFICULTY = new Difficulty(1, 2, 20, 0.0, false);

    private final World world;
    private final long seed;
    private final Difficulty difficulty;

    /** Tasks of the world a corpus with {@code worldSeed} describes (the training run's seed). */
    public ReasoningTasks(long worldSeed, Difficulty difficulty) {
        this.world = Corpus.world(worldSeed);
        this.seed = worldSeed;
        this.difficulty = difficulty;
    }

    public World world() { return world; }

    public Difficulty difficulty() { return difficulty; }

    /** {@code n} held-out problems, for evaluation only. */
    public List<MathProblem> heldOut(int n) {
        ArithmeticGenerator g = new ArithmeticGenerator(world, difficulty);
        Random rng = new Random(Seeds.derive(seed, 301));
        List<MathProblem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(MathProblem.of("heldout-" + i, g.heldOutProblem(rng)));
        return out;
    }

    /**
     * {@code n} training-split questions with their labels stripped: the unlabeled questions an
     * LMSI round learns from. {@code round} selects a fresh set per round.
     */
    public List<String> unlabeledQuestions(int n, int round) {
        ArithmeticGenerator g = new ArithmeticGenerator(world, difficulty);
        Random rng = new Random(Seeds.derive(seed, 400 + round));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(g.problem(rng).question());
        return out;
    }

    /** The fixed few-shot exemplars: {@code n} short training-split problems. */
    public List<MathProblem> exemplars(int n) {
        ArithmeticGenerator g = new ArithmeticGenerator(world, EXEMPLAR_DIFFICULTY);
        Random rng = new Random(Seeds.derive(seed, 500));
        List<MathProblem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(MathProblem.of("exemplar-" + i, g.problem(rng)));
        return out;
    }
}
