package dev.jgpt.reason;

import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.TextGenerator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Accuracy of a model on labeled problems: greedy decoding in one format, or self-consistency. */
public final class Evaluation {
    /** One problem's greedy completion and whether its extracted answer is right. */
    public record Scored(MathProblem problem, String completion, Answers.Extracted extracted, boolean correct) {}

    public record Greedy(PromptFormat format, List<Scored> scored) {
        public double accuracy() { return fraction(scored.stream().filter(Scored::correct).count(), scored.size()); }

        public double noAnswerRate() { return fraction(scored.stream().filter(s -> !s.extracted().answered()).count(), scored.size()); }
    }

    /** Self-consistency results: maj@k for each k, from the first k of the same sampled paths. */
    public record Voted(List<MathProblem> problems, List<SelfConsistency.Outcome> outcomes, double seconds) {
        public double majAt(int k) {
            int right = 0;
            for (int i = 0; i < problems.size(); i++)
                if (correct(problems.get(i), outcomes.get(i).voteOfFirst(k).answer())) right++;
            return fraction(right, problems.size());
        }

        /** Mean accuracy of single sampled paths: what one sample scores on average. */
        public double meanPathAccuracy() {
            long right = 0, total = 0;
            for (int i = 0; i < problems.size(); i++)
                for (SelfConsistency.PathSample p : outcomes.get(i).paths()) {
                    total++;
                    if (correct(problems.get(i), p.answer().value())) right++;
                }
            return fraction(right, total);
        }

        /** Mean vote share of the winner over all {@code paths}: the vote's average confidence. */
        public double meanShare() {
            return outcomes.stream().mapToDouble(o -> o.vote().share()).average().orElse(0);
        }

        /** Accuracy of the full vote among problems whose share is at least / below {@code threshold}. */
        public Map<String, Object> calibration(double threshold) {
            int hi = 0, hiRight = 0, lo = 0, loRight = 0;
            for (int i = 0; i < problems.size(); i++) {
                Vote v = outcomes.get(i).vote();
                boolean ok = correct(problems.get(i), v.answer());
                if (v.share() >= threshold) { hi++; if (ok) hiRight++; } else { lo++; if (ok) loRight++; }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threshold", threshold);
            m.put("confident_problems", hi);
            m.put("confident_accuracy", fraction(hiRight, hi));
            m.put("other_problems", lo);
            m.put("other_accuracy", fraction(loRight, lo));
            return m;
        }

        public int ties() { return (int) outcomes.stream().filter(o -> o.vote().isTie()).count(); }

        public int noAnswer() { return (int) outcomes.stream().filter(o -> !o.vote().hasAnswer()).count(); }

        public double pathsPerSecond() {
            return seconds <= 0 ? 0 : outcomes.stream().mapToInt(o -> o.paths().size()).sum() / seconds;
        }
    }

    private Evaluation() {}

    /** Greedy decoding of every problem in {@code format}, {@code batchSize} prompts at a time; {@code tool} may be null. */
    public static Greedy greedy(TextGenerator gen, List<MathProblem> problems, PromptFormat format, List<MathProblem> exemplars,
                                int maxTokens, int batchSize, TextGenerator.Tool tool, IntConsumer progress) {
        List<Scored> out = new ArrayList<>();
        for (int from = 0; from < problems.size(); from += batchSize) {
            List<MathProblem> batch = problems.subList(from, Math.min(problems.size(), from + batchSize));
            List<String> prompts = new ArrayList<>();
            for (MathProblem p : batch) prompts.add(format.prompt(p.question(), exemplars));
            List<TextGenerator.Completion> res = gen.complete(prompts, SamplingConfig.greedy(maxTokens), PromptFormat.STOPS, null, tool);
            for (int i = 0; i < batch.size(); i++) {
                Answers.Extracted e = Answers.extract(res.get(i).text());
                out.add(new Scored(batch.get(i), res.get(i).text(), e, correct(batch.get(i), e.value())));
            }
            if (progress != null) progress.accept(out.size());
        }
        return new Greedy(format, out);
    }

    /** Self-consistency over {@code format}'s prompts (chain-of-thought few-shot, as a rule). */
    public static Voted vote(TextGenerator gen, List<MathProblem> problems, PromptFormat format, List<MathProblem> exemplars,
                             SelfConsistency.Settings settings, TextGenerator.Tool tool, IntConsumer progress) {
        List<String> prompts = new ArrayList<>();
        for (MathProblem p : problems) prompts.add(format.prompt(p.question(), exemplars));
        long t0 = System.nanoTime();
        List<SelfConsistency.Outcome> outcomes = SelfConsistency.run(gen, prompts, settings, tool, progress);
        return new Voted(problems, outcomes, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@link #voteOverPrompts} can give {@code paths}
     * paths the {@code formats} in turn and every one of {@code sets} exemplar sets a few-shot path.
     */
    public static void checkPrompts(List<PromptFormat> formats, int sets, int paths) {
        if (formats.isEmpty() || formats.size() > paths)
            throw new IllegalArgumentException("need between 1 and " + paths + " (the paths) prompt formats, got " + formats.size());
        if (sets < 1) throw new IllegalArgumentException("need at least one exemplar set");
        long fewShotPaths = IntStream.range(0, paths).filter(j -> formats.get(j % formats.size()).fewShot()).count();
        if (sets > 1 && sets > fewShotPaths)
            throw new IllegalArgumentException(sets + " exemplar sets need at least as many few-shot paths, got " + fewShotPaths);
    }

    /**
     * Self-consistency over several prompts of each problem, so that wrong turns one prompt
     * invites scatter over the paths instead of repeating in all of them: path {@code j} uses
     * {@code formats.get(j % formats.size())}, and the few-shot paths take the exemplar sets in
     * turn (the i-th few-shot path of a problem uses set {@code i % sets}). One few-shot format
     * and one set is exactly {@link #vote}; paths with the same prompt share a batch
     * ({@link SelfConsistency#runOverPrompts}).
     */
    public static Voted voteOverPrompts(TextGenerator gen, List<MathProblem> problems, List<PromptFormat> formats,
                                        List<List<MathProblem>> exemplarSets, SelfConsistency.Settings settings,
                                        TextGenerator.Tool tool, IntConsumer progress) {
        int k = settings.paths(), sets = exemplarSets.size();
        checkPrompts(formats, sets, k);
        Map<String, Integer> variantOf = new LinkedHashMap<>();
        List<List<String>> prompts = new ArrayList<>();
        int[] variantOfPath = new int[k];
        int fewShot = 0;
        for (int j = 0; j < k; j++) {
            PromptFormat f = formats.get(j % formats.size());
            int set = f.fewShot() ? fewShot++ % sets : -1;
            variantOfPath[j] = variantOf.computeIfAbsent(f.label() + "/" + set, key -> {
                List<MathProblem> exemplars = set < 0 ? List.of() : exemplarSets.get(set);
                List<String> own = new ArrayList<>();
                for (MathProblem p : problems) own.add(f.prompt(p.question(), exemplars));
                prompts.add(own);
                return prompts.size() - 1;
            });
        }
        long t0 = System.nanoTime();
        List<SelfConsistency.Outcome> outcomes = SelfConsistency.runOverPrompts(gen, prompts, variantOfPath, settings, tool, progress);
        return new Voted(problems, outcomes, (System.nanoTime() - t0) / 1e9);
    }

    static boolean correct(MathProblem p, String answer) {
        if (!p.labeled()) throw new IllegalArgumentException("problem " + p.id() + " has no answer to score against");
        return answer != null && answer.equals(p.answer());
    }

    private static double fraction(long a, long b) { return b == 0 ? 0 : (double) a / b; }
}
