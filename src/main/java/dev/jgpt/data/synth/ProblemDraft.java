package dev.jgpt.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A word problem under construction: the shared helpers of the templates (numbers within the
 * difficulty, people, "she"/name subjects) and the parts the generator assembles afterwards
 * (setup sentences, the question sentence, solution steps).
 */
final class ProblemDraft {
    final World world;
    final Difficulty difficulty;
    final Random rng;
    final World.Person hero;
    final List<String> setup = new ArrayList<>();
    final List<SolutionStep> steps = new ArrayList<>();
    /** Singular noun the problem counts; a distractor must be about something else. */
    String noun;
    String ask;

    ProblemDraft(World world, Difficulty difficulty, Random rng) {
        this.world = world;
        this.difficulty = difficulty;
        this.rng = rng;
        this.hero = World.any(world.people(), rng);
    }

    /** Uniform in [lo, hi], with hi clamped to the difficulty's largest number. */
    long num(long lo, long hi) {
        long top = Math.max(lo, Math.min(hi, difficulty.maxNumber()));
        return lo + rng.nextInt((int) (top - lo + 1));
    }

    /** The hero's name or pronoun to open a sentence, sometimes after "Then". */
    String subject() {
        String s = rng.nextInt(3) == 0 ? hero.name() : Text.cap(hero.subjectPronoun());
        return rng.nextInt(4) == 0 ? "Then " + (s.equals(hero.name()) ? s : hero.subjectPronoun()) : s;
    }

    /** {@code n} people other than the hero, in random order. */
    List<World.Person> others(int n) {
        List<World.Person> rest = new ArrayList<>(world.people());
        rest.remove(hero);
        return World.pick(rest, n, rng);
    }

    void step(String text, String expression, long result) {
        steps.add(new SolutionStep(text, expression, result));
    }

    WordProblem build(long answer) {
        return new WordProblem(String.join(" ", setup) + " " + ask, steps, answer);
    }
}
