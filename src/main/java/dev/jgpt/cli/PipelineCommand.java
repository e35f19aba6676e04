package dev.jgpt.cli;

import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.chat.ChatTemplate;
import dev.jgpt.chat.Message;
import dev.jgpt.generate.TextGenerator;
import dev.jgpt.tensor.Kernels;
import dev.jgpt.train.Presets;
import dev.jgpt.train.RunSetup;
import dev.jgpt.train.TrainConfig;
import dev.jgpt.train.Trainer;
import dev.jgpt.util.Json;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"The main job: generate the default corpus, pretrain a tiny model, report val loss, print samples.",
                "Runs end to end on the embedded synthetic corpus: no network, no downloads, a few minutes on 2 cores.",
                "A second run resumes the first (use --fresh to start over). Later stages of the route add themselves here."})
public final class PipelineCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Run folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "pipeline");
    @Option(names = "--max-iters", description = "Pretraining steps (default: the tiny preset's).")
    Integer maxIters;
    @Option(names = "--default-chars", description = "Size of the generated corpus in characters (default: ${DEFAULT-VALUE}).")
    int defaultChars = 2_000_000;
    @Option(names = "--fresh", description = "Delete an earlier pipeline run in --out first (otherwise it is resumed).")
    boolean fresh;
    @Option(names = "--json", description = "Print one JSON object with the stage results as the last line.")
    boolean json;
    @Option(names = "--with-code", description = "Also run the code stage: train a small model on generated Java tasks and report pass@k on held-out ones.")
    boolean withCode;
    @Option(names = "--code-max-iters", description = "Training steps of the code stage (default: the code preset's).")
    Integer codeMaxIters;
    @Option(names = "--with-reasoning", description = "Also run the reasoning stage: train a small model on word problems, compare answer-only, chain-of-thought and self-consistency, run one LMSI round.")
    boolean withReasoning;
    @Option(names = "--reason-max-iters", description = "Pretraining steps of the reasoning stage (default: the reason preset's).")
    Integer reasonMaxIters;
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        TrainConfig cfg = Presets.get("tiny");
        if (maxIters != null) { cfg.maxIters = maxIters; cfg.lrDecayIters = maxIters; }
        cfg.validate();
        if (fresh) deleteRun(out);
        System.err.println("== stage 1: pretraining on the embedded synthetic corpus");
        Trainer trainer = Files.exists(out.resolve("checkpoint").resolve("config.json"))
                ? RunSetup.resume(cfg, out) : RunSetup.fresh(cfg, RunSetup.DEFAULT_DATA, out, null, defaultChars);
        Trainer.Result r;
        try (TrainProgress p = new TrainProgress(cfg.maxIters, trainer.step(), quiet)) {
            r = trainer.run(p);
        }
        System.out.printf("pretraining: %d steps, train loss %.4f, val loss %.4f, %.0f s (%.0f tokens/s)%n",
                r.steps(), r.trainLoss(), r.valLoss(), r.seconds(), r.tokensPerSecond());
        Map<String, Object> pre = new LinkedHashMap<>();
        pre.put("steps", r.steps());
        pre.put("parameters", trainer.model().parameterCount());
        pre.put("train_loss", r.trainLoss());
        pre.put("val_loss", r.valLoss());
        pre.put("seconds", r.seconds());
        pre.put("checkpoint", out.resolve("checkpoint").toString());
        pre.put("kernels", Kernels.describe());
        report.put("pretrain", pre);

        System.err.println("== samples");
        TextGenerator gen = TextGenerator.open(out);
        List<String> prompts = List.of(ChatTemplate.render(List.of(Message.user("Where is the kite?"))) + ChatTemplate.START + "assistant\n", "Question: ", "");
        var samples = gen.complete(prompts, new SamplingConfig(150, 0.8f, 40, 1f, 1), List.of(), null);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            String s = prompts.get(i) + samples.get(i).text();
            texts.add(s);
            System.out.println("--- sample " + (i + 1) + "\n" + s);
        }
        report.put("samples", texts);
        if (withCode) {
            System.err.println("== code stage: generated Java tasks, pass@k on held-out ones");
            // At most 1M chars: code documents are regular, and a smaller corpus keeps BPE training short.
            report.put("code", CodeStage.run(out.resolve("code"), codeMaxIters, Math.min(defaultChars, 1_000_000), quiet));
        }
        if (withReasoning) {
            System.err.println("== reasoning stage: chain-of-thought, self-consistency and LMSI on word problems");
            report.put("reasoning", ReasonExperimentCommand.forPipeline(out.resolve("reason"), reasonMaxIters, quiet));
        }
        if (json) System.out.println(Json.line(report));
        return 0;
    }

    private static void deleteRun(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) return;
        if (!Files.exists(dir.resolve("checkpoint")) && !Files.exists(dir.resolve("data")))
            throw new UserException("refusing to delete " + dir + ": it does not look like a pipeline run folder");
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
