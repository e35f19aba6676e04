package dev.jgpt.reason;

import dev.jgpt.generate.TextGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * "Large Language Models Can Self-Improve" (Huang et al. 2022), the data half: sample
 * reasoning paths for <em>unlabeled</em> questions, keep the paths that agree with a confident
 * majority, and write them as fine-tuning documents in the paper's four formats. The fine-tuning
 * itself is an ordinary training run from the model ({@code train --init-from}).
 *
 * <p>The input is question text only ({@code List<String>}), so no label can be read by
 * construction; the few-shot exemplars in the prompts are the fixed, labeled demonstrations
 * every prompt uses, as in the paper.
 */
public final class Lmsi {
    /**
     * @param sampling  how paths are sampled (the paper: 32 paths, temperature 0.7)
     * @param threshold a question is used when its majority holds at least this share of the paths
     * @param seed      picks the format of each document
     */
    public record Settings(SelfConsistency.Settings sampling, double threshold, long seed) {
        public Settings {
            if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
    }

    /**
     * What a round harvested.
     *
     * @param documents   fine-tuning documents (prompt + target in one of the four formats)
     * @param questions   unlabeled questions sampled
     * @param confident   questions whose vote passed the threshold
     * @param pathsKept   paths kept (they agree with their majority)
     * @param meanShare   mean winning share over all questions
     * @param seconds     sampling time
     */
    public record Harvest(List<String> documents, int questions, int confident, int pathsKept, double meanShare, double seconds) {}

    private Lmsi() {}

    /**
     * Samples and votes on every question, keeps the paths of confident majorities and writes
     * them as documents. Path j is prompted with exemplar set j mod N
     * ({@link SelfConsistency#runOverPromptSets}); with several sets the majority is the
     * ensemble's. The documents use set 0, the exemplars of the usual prompt, so what the
     * ensemble agreed on is taught under the prompt the model is evaluated with.
     */
    public static Harvest harvest(TextGenerator gen, List<String> questions, List<List<MathProblem>> exemplarSets, Settings s,
                                  TextGenerator.Tool tool, IntConsumer progress) {
        List<List<String>> prompts = new ArrayList<>();
        for (List<MathProblem> set : exemplarSets) {
            List<String> own = new ArrayList<>();
            for (String q : questions) own.add(PromptFormat.COT.prompt(q, set));
            prompts.add(own);
        }
        List<MathProblem> exemplars = exemplarSets.get(0);
        long t0 = System.nanoTime();
        List<SelfConsistency.Outcome> outcomes = SelfConsistency.runOverPromptSets(gen, prompts, s.sampling(), tool, progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Random rng = new Random(s.seed());
        List<String> docs = new ArrayList<>();
        int confident = 0, kept = 0;
        double shareSum = 0;
        for (int i = 0; i < questions.size(); i++) {
            SelfConsistency.Outcome o = outcomes.get(i);
            shareSum += o.vote().share();
            if (!o.vote().consensus(s.threshold())) continue;
            confident++;
            for (String steps : consistentPaths(o)) {
                kept++;
                docs.add(document(questions.get(i), steps, o.vote().answer(), exemplars, rng));
            }
        }
        return new Harvest(docs, questions.size(), confident, kept, questions.isEmpty() ? 0 : shareSum / questions.size(), seconds);
    }

    /**
     * The reasoning steps of every path that reached the majority answer through a well-formed
     * answer line ({@code #### N}); anything a path wrote after that line is dropped. Repeated
     * paths are kept as often as they were sampled: deduplicating would keep the one clean path
     * of a question once and every slightly garbled variant (a wrong name, a stray pronoun) once
     * each, tilting the fine-tuning data toward the garbled ones.
     */
    static List<String> consistentPaths(SelfConsistency.Outcome o) {
        List<String> out = new ArrayList<>();
        for (SelfConsistency.PathSample p : o.paths()) {
            if (p.answer().source() != Answers.Source.HASHES || !p.answer().value().equals(o.vote().answer())) continue;
            String text = p.text();
            String steps = text.substring(0, text.indexOf("####")).strip();
            if (!steps.isEmpty()) out.add(steps);
        }
        return out;
    }

    /**
     * One fine-tuning document for a kept path, in one of the paper's four formats: chain-of-thought
     * exemplars → path (40%), "Let's think step by step" → path (30%), answer-only exemplars →
     * answer (15%), question → answer (15%).
     */
    static String document(String question, String steps, String answer, List<MathProblem> exemplars, Random rng) {
        int r = rng.nextInt(100);
        PromptFormat f = r < 40 ? PromptFormat.COT : r < 70 ? PromptFormat.ZERO_SHOT : r < 85 ? PromptFormat.DIRECT : PromptFormat.PLAIN;
        String target = f == PromptFormat.DIRECT || f == PromptFormat.PLAIN ? f.completion(null, answer) : f.completion(steps, answer);
        return f.prompt(question, exemplars) + target;
    }
}
