package dev.jgpt.reason;

import dev.jgpt.data.Seeds;
import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.TextGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Self-consistency decoding (Wang et al. 2022): sample several reasoning paths per prompt,
 * extract each path's answer, take the majority.
 *
 * <p>Paths are sampled in batches: the paths of one prompt sit next to each other in a batch,
 * so the generator prefills the shared prompt once and decodes all of them as rows of the same
 * matrix products. Path {@code j} uses temperature {@code temperatures[j % size]}, so a mix of
 * temperatures is spread evenly over the paths.
 */
public final class SelfConsistency {
    /**
     * @param paths        paths per prompt
     * @param temperatures one or more sampling temperatures (> 0), used in turn
     * @param topK         top-k filter (0 = off)
     * @param topP         nucleus filter (1 = off)
     * @param maxTokens    longest path in tokens
     * @param seed         fixes every sampled token
     * @param batchSize    sequences decoded together (1 = one path at a time)
     */
    public record Settings(int paths, List<Float> temperatures, int topK, float topP, int maxTokens, long seed, int batchSize) {
        public Settings {
            if (paths < 1) throw new IllegalArgumentException("paths must be >= 1, got " + paths);
            if (temperatures.isEmpty()) throw new IllegalArgumentException("give at least one temperature");
            for (float t : temperatures)
                if (!(t > 0)) throw new IllegalArgumentException("self-consistency samples: temperatures must be > 0, got " + t);
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            temperatures = List.copyOf(temperatures);
        }
    }

    /** One sampled path and the answer extracted from it. */
    public record PathSample(String text, Answers.Extracted answer, float temperature) {}

    /** All paths of one prompt, in path order, and their vote. */
    public record Outcome(List<PathSample> paths, Vote vote) {
        /** The paths, in path order, with the vote over all of their answers. */
        public static Outcome of(List<PathSample> paths) {
            List<String> answers = new ArrayList<>();
            for (PathSample p : paths) answers.add(p.answer().value());
            return new Outcome(List.copyOf(paths), Vote.of(answers));
        }

        /** The vote over the first {@code k} paths only (maj@k from one set of samples). */
        public Vote voteOfFirst(int k) { return of(paths.subList(0, Math.min(k, paths.size()))).vote(); }
    }

    private SelfConsistency() {}

    /**
     * Samples {@code settings.paths()} paths for every prompt and votes. {@code tool} (e.g. the
     * {@link Calculator}) may be null; {@code progress}, when given, receives the number of paths
     * finished after each batch.
     */
    public static List<Outcome> run(TextGenerator gen, List<String> prompts, Settings s, TextGenerator.Tool tool, IntConsumer progress) {
        int n = prompts.size(), k = s.paths();
        PathSample[][] paths = new PathSample[n][k];
        int temps = s.temperatures().size();
        int call = 0, done = 0;
        for (int ti = 0; ti < temps; ti++) {
            float t = s.temperatures().get(ti);
            // This temperature's (prompt, path) pairs, prompt-major so a prompt's paths share a batch.
            List<int[]> work = new ArrayList<>();
            for (int i = 0; i < n; i++)
                for (int j = ti; j < k; j += temps) work.add(new int[]{i, j});
            for (int from = 0; from < work.size(); from += s.batchSize()) {
                List<int[]> batch = work.subList(from, Math.min(work.size(), from + s.batchSize()));
                List<String> batchPrompts = new ArrayList<>();
                for (int[] w : batch) batchPrompts.add(prompts.get(w[0]));
                SamplingConfig sc = new SamplingConfig(s.maxTokens(), t, s.topK(), s.topP(), Seeds.derive(s.seed(), call++));
                List<TextGenerator.Completion> res = gen.complete(batchPrompts, sc, PromptFormat.STOPS, null, tool);
                for (int b = 0; b < batch.size(); b++) {
                    String text = res.get(b).text();
                    paths[batch.get(b)[0]][batch.get(b)[1]] = new PathSample(text, Answers.extract(text), t);
                }
                done += batch.size();
                if (progress != null) progress.accept(done);
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Outcome.of(List.of(paths[i])));
        return out;
    }

    /**
     * Self-consistency over several prompts of each question: {@code promptsBySet.get(s).get(i)}
     * is question i prompted with set s (e.g. another pair of few-shot exemplars), and path j of
     * question i is sampled from set {@code j mod sets}, so the first k paths mix the sets.
     */
    public static List<Outcome> runOverPromptSets(TextGenerator gen, List<List<String>> promptsBySet, Settings settings,
                                                  TextGenerator.Tool tool, IntConsumer progress) {
        int sets = promptsBySet.size(), k = settings.paths();
        if (sets < 1 || sets > k)
            throw new IllegalArgumentException("need between 1 and " + k + " (the paths) prompt sets, got " + sets);
        int[] setOfPath = new int[k];
        for (int j = 0; j < k; j++) setOfPath[j] = j % sets;
        return runOverPrompts(gen, promptsBySet, setOfPath, settings, tool, progress);
    }

    /**
     * Self-consistency where path j of question i is prompted with
     * {@code promptsBySet.get(setOfPath[j]).get(i)}. A set's paths are one batched {@link #run}
     * (so paths with the same prompt share its prefill), sampled with the set's own seed: the
     * set of path 0 keeps {@code settings.seed()}, so a single set is exactly {@link #run}, and
     * the others derive theirs from it in order of first use. Every set must be used.
     */
    public static List<Outcome> runOverPrompts(TextGenerator gen, List<List<String>> promptsBySet, int[] setOfPath, Settings settings,
                                               TextGenerator.Tool tool, IntConsumer progress) {
        int sets = promptsBySet.size(), k = settings.paths();
        if (setOfPath.length != k) throw new IllegalArgumentException(setOfPath.length + " path assignments for " + k + " paths");
        int n = promptsBySet.get(0).size();
        // Sets in order of first use; a path's place among its set's paths.
        List<Integer> order = new ArrayList<>();
        int[] count = new int[sets], place = new int[k];
        for (int j = 0; j < k; j++) {
            int s = setOfPath[j];
            if (s < 0 || s >= sets) throw new IllegalArgumentException("path " + j + " assigned to prompt set " + s + " of " + sets);
            if (count[s] == 0) order.add(s);
            place[j] = count[s]++;
        }
        if (order.size() != sets) throw new IllegalArgumentException("only " + order.size() + " of " + sets + " prompt sets are given paths");
        if (sets == 1) return run(gen, promptsBySet.get(0), settings, tool, progress);
        List<List<Outcome>> bySet = new ArrayList<>();
        for (int s = 0; s < sets; s++) bySet.add(null);
        int done = 0;
        for (int r = 0; r < order.size(); r++) {
            int s = order.get(r);
            if (promptsBySet.get(s).size() != n)
                throw new IllegalArgumentException("prompt set " + s + " has " + promptsBySet.get(s).size() + " prompts, set 0 has " + n);
            Settings own = new Settings(count[s], settings.temperatures(), settings.topK(), settings.topP(),
                    settings.maxTokens(), r == 0 ? settings.seed() : Seeds.derive(settings.seed(), 9_000 + r), settings.batchSize());
            int offset = done;
            bySet.set(s, run(gen, promptsBySet.get(s), own, tool, progress == null ? null : d -> progress.accept(offset + d)));
            done += own.paths() * n;
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<PathSample> paths = new ArrayList<>();
            for (int j = 0; j < k; j++) paths.add(bySet.get(setOfPath[j]).get(i).paths().get(place[j]));
            out.add(Outcome.of(paths));
        }
        return out;
    }
}
