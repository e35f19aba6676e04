package dev.jgpt.data.synth;

import dev.jgpt.util.UserException;

/**
 * Knobs of the arithmetic word problems.
 *
 * @param minSteps              fewest calculation steps in a solution (at least 1)
 * @param maxSteps              most calculation steps (at most {@link #MAX_STEPS})
 * @param maxNumber             largest number drawn as a given (results may grow beyond it)
 * @param distractorProbability chance of one irrelevant sentence with a number in the question
 * @param allowNegative         whether a score may drop below zero (counts of things never do)
 */
public record Difficulty(int minSteps, int maxSteps, int maxNumber, double distractorProbability, boolean allowNegative) {
    /** Bounded by the people in a world: a comparison chain of n steps needs n + 1 people. */
    public static final int MAX_STEPS = 8;

    public static final Difficulty EASY = new Difficulty(1, 2, 20, 0.0, false);
    public static final Difficulty MEDIUM = new Difficulty(1, 3, 50, 0.2, false);
    public static final Difficulty HARD = new Difficulty(2, 5, 100, 0.5, false);

    public Difficulty {
        if (minSteps < 1 || maxSteps < minSteps || maxSteps > MAX_STEPS) {
            throw new UserException("steps must satisfy 1 <= min <= max <= " + MAX_STEPS + ", got " + minSteps + ".." + maxSteps);
        }
        if (maxNumber < 5) throw new UserException("max number must be at least 5, got " + maxNumber);
        if (!(distractorProbability >= 0 && distractorProbability <= 1)) {
            throw new UserException("distractor probability must be in [0, 1], got " + distractorProbability);
        }
    }

    public Difficulty withSteps(int min, int max) { return new Difficulty(min, max, maxNumber, distractorProbability, allowNegative); }

    public Difficulty withMaxNumber(int n) { return new Difficulty(minSteps, maxSteps, n, distractorProbability, allowNegative); }

    public Difficulty withDistractor(double p) { return new Difficulty(minSteps, maxSteps, maxNumber, p, allowNegative); }

    public Difficulty withNegatives(boolean allow) { return new Difficulty(minSteps, maxSteps, maxNumber, distractorProbability, allow); }
}
