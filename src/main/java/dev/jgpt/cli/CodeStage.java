package dev.jgpt.cli;

import dev.jgpt.code.CodeEvaluator;
import dev.jgpt.code.CodeGeneration;
import dev.jgpt.code.Problem;
import dev.jgpt.code.Sample;
import dev.jgpt.code.sandbox.SandboxConfig;
import dev.jgpt.code.sandbox.SandboxPool;
import dev.jgpt.code.tasks.CodeTasks;
import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.TextGenerator;
import dev.jgpt.train.Presets;
import dev.jgpt.train.RunSetup;
import dev.jgpt.train.TrainConfig;
import dev.jgpt.train.Trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pipeline's code stage: trains the {@code code} preset on generated Java tasks (a model of
 * its own, so the main stage's corpus and numbers stay as they are), samples completions of
 * held-out tasks and scores them in the sandbox.
 */
final class CodeStage {
    static final CorpusMix MIX = CorpusMix.of("code", 1);
    static final int PROBLEMS = 20, SAMPLES = 10;
    static final List<Float> TEMPERATURES = List.of(0.2f, 0.8f);

    private CodeStage() {}

    static Map<String, Object> run(Path dir, Integer maxIters, int chars, boolean quiet) throws Exception {
        TrainConfig cfg = Presets.get("code");
        if (maxIters != null) { cfg.maxIters = maxIters; cfg.lrDecayIters = maxIters; }
        cfg.validate();
        Trainer trainer = Files.exists(dir.resolve("checkpoint").resolve("config.json"))
                ? RunSetup.resume(cfg, dir) : RunSetup.fresh(cfg, RunSetup.DEFAULT_DATA, dir, null, chars, MIX);
        Trainer.Result r;
        try (TrainProgress p = new TrainProgress(cfg.maxIters, trainer.step(), quiet)) {
            r = trainer.run(p);
        }
        System.out.printf("code model: %d steps, train loss %.4f, val loss %.4f, %.0f s%n",
                r.steps(), r.trainLoss(), r.valLoss(), r.seconds());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("steps", r.steps());
        report.put("val_loss", r.valLoss());
        report.put("seconds", r.seconds());
        report.put("problems", PROBLEMS);
        report.put("samples_per_problem", SAMPLES);

        TextGenerator gen = TextGenerator.open(dir);
        List<Problem> problems = CodeTasks.problems(CodeTasks.Split.HELDOUT, 1, PROBLEMS);
        Map<String, Problem> byId = problems.stream().collect(Collectors.toMap(Problem::taskId, Function.identity()));
        try (SandboxPool pool = new SandboxPool(SandboxConfig.defaults().withTimeoutMs(5000), System.err::println)) {
            for (float t : TEMPERATURES) {
                List<Sample> samples = CodeGeneration.sample(gen, problems, SAMPLES, new SamplingConfig(96, t, 0, 0.95f, 1), 64, null);
                CodeGeneration.writeSamples(dir.resolve("samples_t" + t + ".jsonl"), samples);
                var results = CodeEvaluator.run(byId, samples, pool, () -> { });
                CodeEvaluator.Summary s = CodeEvaluator.summarize(results, List.of(1, SAMPLES));
                System.out.printf("code T=%.1f: pass@1 %.4f, pass@%d %.4f (%d of %d samples pass)%n", t,
                        s.passAtK().get(1), SAMPLES, s.passAtK().get(SAMPLES), s.passed(), s.samples());
                Map<String, Object> pk = new LinkedHashMap<>();
                s.passAtK().forEach((k, v) -> pk.put("pass@" + k, v));
                report.put("t" + t, pk);
            }
        }
        return report;
    }
}
