package dev.jgpt.cli;

import dev.jgpt.generate.TextGenerator;
import dev.jgpt.reason.Evaluation;
import dev.jgpt.reason.MathProblem;
import dev.jgpt.reason.PromptFormat;
import dev.jgpt.reason.SelfConsistency;
import dev.jgpt.util.Plots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reasoning table: one row of accuracies per model, as markdown and as a bar chart. */
final class ReasonTable {
    private ReasonTable() {}

    /**
     * Greedy accuracy per format and self-consistency maj@k of one model, as a JSON-ready map.
     * The self-consistency paths take {@code scFormats} and {@code scSets} in turn
     * ({@link Evaluation#voteOverPrompts}); chain-of-thought with one exemplar set is the plain vote.
     */
    static Map<String, Object> evaluate(Path model, ReasonOptions opt, List<String> formats, SelfConsistency.Settings sc,
                                        List<PromptFormat> scFormats, List<List<MathProblem>> scSets, List<Integer> ks) throws Exception {
        List<MathProblem> problems = opt.problems();
        List<MathProblem> exemplars = opt.exemplars();
        TextGenerator gen = TextGenerator.open(model);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("calculator", opt.tool() != null);
        Map<String, Double> greedy = new LinkedHashMap<>();
        for (String name : formats) {
            PromptFormat f = PromptFormat.parse(name);
            Evaluation.Greedy g;
            try (Bars bar = Bars.of("greedy " + f.label(), problems.size(), opt.quiet)) {
                g = Evaluation.greedy(gen, problems, f, exemplars, opt.maxTokens, opt.batchSize, opt.tool(), bar.counter());
            }
            System.out.printf("greedy %-9s %.1f%%%n", f.label(), 100 * g.accuracy());
            greedy.put(f.label(), g.accuracy());
        }
        row.put("greedy", greedy);
        Evaluation.Voted v;
        try (Bars bar = Bars.of("self-consistency", (long) problems.size() * sc.paths(), opt.quiet)) {
            v = Evaluation.voteOverPrompts(gen, problems, scFormats, scSets, sc, opt.tool(), bar.counter());
        }
        Map<String, Object> report = ReasonVoteCommand.report(v, ks, sc.paths(), 0.5);
        report.put("formats", scFormats.stream().map(PromptFormat::label).toList());
        report.put("exemplar_sets", scSets.size());
        row.put("self_consistency", report);
        return row;
    }

    @SuppressWarnings("unchecked")
    static String markdown(List<Map<String, Object>> rows, List<Integer> ks) {
        StringBuilder sb = new StringBuilder("| model | answer-only (greedy) | chain-of-thought (greedy) | zero-shot CoT (greedy) | plain (greedy) | single sampled path |");
        for (int k : ks) sb.append(" maj@").append(k).append(" |");
        sb.append(" mean vote share |\n|---|---|---|---|---|---|");
        sb.append("---|".repeat(ks.size())).append("---|\n");
        for (Map<String, Object> row : rows) {
            Map<String, Object> g = (Map<String, Object>) row.get("greedy");
            Map<String, Object> sc = (Map<String, Object>) row.get("self_consistency");
            Map<String, Object> maj = (Map<String, Object>) sc.get("maj");
            sb.append("| ").append(row.get("model")).append(" |");
            for (String f : List.of("direct", "cot", "zero-shot", "plain")) sb.append(' ').append(pct(g.get(f))).append(" |");
            sb.append(' ').append(pct(sc.get("single_path_accuracy"))).append(" |");
            for (int k : ks) sb.append(' ').append(pct(maj.get("maj@" + k))).append(" |");
            sb.append(String.format(" %.2f |%n", ((Number) sc.get("mean_vote_share")).doubleValue()));
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static void plot(List<Map<String, Object>> rows, List<Integer> ks, Path png) throws java.io.IOException {
        List<String> categories = new ArrayList<>(List.of("answer-only", "CoT greedy"));
        for (int k : ks) categories.add("maj@" + k);
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> g = (Map<String, Object>) row.get("greedy");
            Map<String, Object> maj = (Map<String, Object>) ((Map<String, Object>) row.get("self_consistency")).get("maj");
            double[] v = new double[categories.size()];
            v[0] = 100 * num(g.get("direct"));
            v[1] = 100 * num(g.get("cot"));
            for (int i = 0; i < ks.size(); i++) v[2 + i] = 100 * num(maj.get("maj@" + ks.get(i)));
            values.put(String.valueOf(row.get("model")), v);
        }
        Plots.groupedBars(png, "Held-out word problems: accuracy (%)", "accuracy (%)", categories, values);
    }

    private static double num(Object o) { return o == null ? Double.NaN : ((Number) o).doubleValue(); }

    private static String pct(Object o) { return o == null ? "–" : String.format("%.1f%%", 100 * num(o)); }
}
