package dev.jgpt.cli;

import dev.jgpt.generate.TextGenerator;
import dev.jgpt.reason.Evaluation;
import dev.jgpt.reason.MathProblem;
import dev.jgpt.reason.PromptFormat;
import dev.jgpt.reason.SelfConsistency;
import dev.jgpt.util.Json;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jgpt reason vote}: self-consistency, maj@k for several k from one set of sampled paths. */
@Command(name = "vote", mixinStandardHelpOptions = true,
        description = {"Self-consistency: sample --paths chain-of-thought paths per problem, extract each answer, majority vote.",
                "Reports maj@k for each --k (the vote over the first k paths), the single-path accuracy,",
                "the winner's mean vote share (a confidence), accuracy of confident votes, and paths/s."})
final class ReasonVoteCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory or run folder.") Path model;
    @Option(names = "--paths", description = "Sampled paths per problem (default: ${DEFAULT-VALUE}).") int paths = 32;
    @Option(names = "--k", split = ",", description = "Report maj@k for these k (default: 1,4,16,32; capped at --paths).")
    List<Integer> ks = List.of(1, 4, 16, 32);
    @Option(names = "--temperature", split = ",", description = "Sampling temperature(s), used in turn over the paths (default: ${DEFAULT-VALUE}).")
    List<Float> temperatures = List.of(0.7f);
    @Option(names = "--top-k", description = "Top-k filter, 0 = off (default: ${DEFAULT-VALUE}).") int topK = 40;
    @Option(names = "--top-p", description = "Nucleus filter, 1 = off (default: ${DEFAULT-VALUE}).") float topP = 1f;
    @Option(names = "--format", split = ",", description = "Prompt format(s) of the paths, used in turn: path j gets format j mod the count "
            + "(cot, direct, zero-shot, plain; default: ${DEFAULT-VALUE}).")
    List<String> formats = List.of("cot");
    @Option(names = "--seed", description = "Sampling seed (default: ${DEFAULT-VALUE}).") long seed = 1;
    @Option(names = "--threshold", description = "Vote share that counts as confident in the report (default: ${DEFAULT-VALUE}).") double threshold = 0.5;
    @Option(names = "--exemplar-sets", paramLabel = "N",
            description = "The few-shot paths take N exemplar sets in turn (--shots each; set 0 is the usual one), so wrong turns the exemplars "
                    + "prompt scatter over the paths (default: ${DEFAULT-VALUE}).")
    int exemplarSets = 1;
    @Mixin ReasonOptions opt;

    @Override public Integer call() throws Exception {
        List<MathProblem> problems = opt.problems();
        List<PromptFormat> fs = formats.stream().map(PromptFormat::parse).toList();
        SelfConsistency.Settings s;
        try {
            s = new SelfConsistency.Settings(paths, temperatures, topK, topP, opt.maxTokens, seed, opt.batchSize);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        TextGenerator gen = TextGenerator.open(model);
        Evaluation.Voted v;
        try (Bars bar = Bars.of("paths", (long) problems.size() * paths, opt.quiet)) {
            v = Evaluation.voteOverPrompts(gen, problems, fs, opt.exemplarSets(exemplarSets, paths, fs.stream().anyMatch(PromptFormat::fewShot)),
                    s, opt.tool(), bar.counter());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        Map<String, Object> report = report(v, ks, paths, threshold);
        report.put("temperatures", temperatures);
        report.put("batch_size", opt.batchSize);
        report.put("calculator", opt.tool() != null);
        report.put("formats", fs.stream().map(PromptFormat::label).toList());
        report.put("exemplar_sets", exemplarSets);
        if (opt.json) System.out.println(Json.line(report));
        return 0;
    }

    /** Prints the vote's results and returns them as a JSON-ready map. */
    static Map<String, Object> report(Evaluation.Voted v, List<Integer> ks, int paths, double threshold) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("problems", v.problems().size());
        r.put("paths", paths);
        Map<String, Double> maj = new LinkedHashMap<>();
        for (int k : ks) {
            if (k < 1 || k > paths) continue;
            maj.put("maj@" + k, v.majAt(k));
            System.out.printf("maj@%-3d %.1f%%%n", k, 100 * v.majAt(k));
        }
        r.put("maj", maj);
        r.put("single_path_accuracy", v.meanPathAccuracy());
        r.put("mean_vote_share", v.meanShare());
        r.put("ties", v.ties());
        r.put("no_answer", v.noAnswer());
        r.put("calibration", v.calibration(threshold));
        r.put("seconds", v.seconds());
        r.put("paths_per_second", v.pathsPerSecond());
        System.out.printf("single path %.1f%%, mean vote share %.2f, %d ties, %d without an answer; %.1f paths/s (%.0f s)%n",
                100 * v.meanPathAccuracy(), v.meanShare(), v.ties(), v.noAnswer(), v.pathsPerSecond(), v.seconds());
        @SuppressWarnings("unchecked") Map<String, Object> cal = (Map<String, Object>) r.get("calibration");
        System.out.printf("votes with share >= %.2f: %s problems, %.1f%% right; the rest: %s problems, %.1f%% right%n", threshold,
                cal.get("confident_problems"), 100 * (double) cal.get("confident_accuracy"), cal.get("other_problems"),
                100 * (double) cal.get("other_accuracy"));
        return r;
    }
}
