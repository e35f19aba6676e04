package dev.jgpt.cli;

import dev.jgpt.generate.TextGenerator;
import dev.jgpt.reason.Evaluation;
import dev.jgpt.reason.MathProblem;
import dev.jgpt.reason.PromptFormat;
import dev.jgpt.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jgpt reason eval}: greedy accuracy in each prompt format. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Greedy accuracy on word problems in each prompt format:",
                "  cot        few-shot exemplars with worked solutions (chain-of-thought)",
                "  direct     few-shot exemplars with answers only",
                "  zero-shot  \"Let's think step by step.\"",
                "  plain      the question alone",
                "The answer is read from '#### N', 'The answer is N', or the last number."})
final class ReasonEvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory or run folder.") Path model;
    @Option(names = "--format", split = ",", description = "Prompt formats (default: cot,direct,zero-shot,plain).")
    List<String> formats = List.of("cot", "direct", "zero-shot", "plain");
    @Option(names = "--show", paramLabel = "N", description = "Print the first N completions of each format.") int show;
    @Mixin ReasonOptions opt;

    @Override public Integer call() throws Exception {
        List<MathProblem> problems = opt.problems();
        List<MathProblem> exemplars = opt.exemplars();
        TextGenerator gen = TextGenerator.open(model);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("problems", problems.size());
        report.put("calculator", opt.tool() != null);
        for (String name : formats) {
            PromptFormat f = PromptFormat.parse(name);
            Evaluation.Greedy g;
            try (Bars bar = Bars.of("greedy " + f.label(), problems.size(), opt.quiet)) {
                g = Evaluation.greedy(gen, problems, f, exemplars, opt.maxTokens, opt.batchSize, opt.tool(), bar.counter());
            }
            System.out.printf("%-9s greedy accuracy %.1f%% (%d problems, %.1f%% without an answer)%n", f.label(),
                    100 * g.accuracy(), problems.size(), 100 * g.noAnswerRate());
            for (int i = 0; i < Math.min(show, g.scored().size()); i++) {
                Evaluation.Scored s = g.scored().get(i);
                System.out.printf("--- %s (truth %s, read %s: %s)%n%s%n", s.problem().id(), s.problem().answer(),
                        s.extracted().value(), s.correct() ? "right" : "wrong", s.completion());
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("accuracy", g.accuracy());
            r.put("no_answer", g.noAnswerRate());
            report.put(f.label(), r);
        }
        if (opt.json) System.out.println(Json.line(report));
        return 0;
    }
}
