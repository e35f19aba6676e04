package dev.jgpt.cli;

import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.reason.Evaluation;
import dev.jgpt.reason.Lmsi;
import dev.jgpt.reason.LmsiRound;
import dev.jgpt.reason.MathProblem;
import dev.jgpt.reason.PromptFormat;
import dev.jgpt.reason.Rehearsal;
import dev.jgpt.reason.SelfConsistency;
import dev.jgpt.train.Presets;
import dev.jgpt.train.RunSetup;
import dev.jgpt.train.TrainConfig;
import dev.jgpt.train.Trainer;
import dev.jgpt.util.AtomicFiles;
import dev.jgpt.util.Json;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jgpt reason experiment}: the whole reasoning table from scratch — pretrain, evaluate
 * (answer-only, chain-of-thought, self-consistency), two LMSI rounds, each evaluated the same way.
 * Every stage saves its result, so a killed run continues where it stopped.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Reproduce the reasoning results table from scratch:",
                "  1. pretrain the 'reason' preset on generated word problems (four prompt formats);",
                "  2. on held-out problems: greedy accuracy in each format, self-consistency maj@k;",
                "  3. LMSI rounds (unlabeled questions -> confident self-consistent paths -> fine-tune), each evaluated again.",
                "Writes OUT/results.json, OUT/results.md and OUT/reasoning.png. Rerun with the same settings to continue a killed run."})
final class ReasonExperimentCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Experiment folder (default: ${DEFAULT-VALUE}).") Path out = Path.of("runs", "reason");
    @Option(names = "--max-iters", description = "Pretraining steps (default: the reason preset's).") Integer maxIters;
    @Option(names = "--config", paramLabel = "FILE", description = "JSON file of settings (nanoGPT names, e.g. {\"n_layer\": 2}) applied over the reason preset.")
    Path config;
    @Option(names = "--mix", paramLabel = "SPEC", description = "Pretraining corpus mix, name=weight,... (default: ${DEFAULT-VALUE}; "
            + "reasoning-fewer-long=1 shows four-step solutions half as often; reasoning-two-styles=1 and reasoning-three-styles=1 "
            + "write each worked solution in one of several styles, reasoning-three-styles-long=1 with four-step solutions one in 4; "
            + "LMSI's rehearsal replays this mix).")
    String mix = "reasoning=1";
    @Option(names = "--default-chars", description = "Pretraining corpus size in characters (default: ${DEFAULT-VALUE}).") int chars = 12_000_000;
    @Option(names = "--paths", description = "Self-consistency paths per held-out problem (default: ${DEFAULT-VALUE}).") int paths = 32;
    @Option(names = "--k", split = ",", description = "maj@k reported (default: 1,4,16,32).") List<Integer> ks = List.of(1, 4, 16, 32);
    @Option(names = "--temperature", split = ",", description = "Self-consistency temperature(s) (default: ${DEFAULT-VALUE}).") List<Float> temperatures = List.of(0.7f);
    @Option(names = "--top-k", description = "Top-k of sampled paths (default: ${DEFAULT-VALUE}).") int topK = 40;
    @Option(names = "--format", split = ",", description = "Prompt format(s) of the self-consistency paths, used in turn "
            + "(cot, direct, zero-shot, plain; default: ${DEFAULT-VALUE}).")
    List<String> scFormats = List.of("cot");
    @Option(names = "--exemplar-sets", paramLabel = "N", description = "The few-shot self-consistency paths take N exemplar sets in turn "
            + "(set 0 is the usual one; default: ${DEFAULT-VALUE}).")
    int exemplarSets = 1;
    @Option(names = "--lmsi-exemplar-sets", paramLabel = "N", description = "LMSI's paths take N exemplar sets in turn; the documents use "
            + "set 0 (default: ${DEFAULT-VALUE}).")
    int lmsiExemplarSets = 1;
    @Option(names = "--rounds", description = "LMSI rounds (default: ${DEFAULT-VALUE}).") int rounds = 2;
    @Option(names = "--lmsi-questions", description = "Unlabeled questions per LMSI round (default: ${DEFAULT-VALUE}).") int lmsiQuestions = 600;
    @Option(names = "--lmsi-temperature", split = ",", description = "Temperature(s) of LMSI's sampled paths (default: ${DEFAULT-VALUE}; the paper's 0.7).")
    List<Float> lmsiTemperatures = List.of(0.7f);
    @Option(names = "--lmsi-paths", description = "Paths per unlabeled question (default: ${DEFAULT-VALUE}).") int lmsiPaths = 16;
    @Option(names = "--threshold", description = "LMSI vote-share threshold (default: ${DEFAULT-VALUE}).") double threshold = 0.5;
    @Option(names = "--lmsi-epochs", description = "Passes over each round's harvest (default: ${DEFAULT-VALUE}).") double lmsiEpochs = 1;
    @Option(names = "--lmsi-lr", description = "LMSI fine-tuning learning rate (default: ${DEFAULT-VALUE}).") float lmsiLr = 3e-4f;
    @Option(names = "--lmsi-rehearsal", description = "Share of LMSI's fine-tuning documents replayed from the pretraining corpus (the --mix stream; default: ${DEFAULT-VALUE}).")
    double lmsiRehearsal = 0.5;
    @Option(names = "--lmsi-control", description = "After each LMSI round, also fine-tune the round's starting model on replayed "
            + "pretraining text alone (as much text, same settings) and evaluate it: the baseline the round's gain is compared with.")
    boolean lmsiControl;
    @Mixin ReasonOptions opt;

    /** Pretraining steps of the pipeline's smaller run. */
    static final int PIPELINE_ITERS = 600;
    static final List<String> FORMATS = List.of("direct", "cot", "zero-shot", "plain");

    @Override public Integer call() throws Exception {
        Map<String, Object> all = runAll();
        if (opt.json) System.out.println(Json.line(all));
        return 0;
    }

    /**
     * The experiment at a smaller size, for {@code pipeline --with-reasoning}: fewer pretraining
     * steps, held-out problems, paths and LMSI questions, one round.
     */
    static Map<String, Object> forPipeline(Path out, Integer maxIters, boolean quiet) throws Exception {
        ReasonExperimentCommand c = new ReasonExperimentCommand();
        c.opt = new ReasonOptions();
        c.out = out;
        c.maxIters = maxIters != null ? maxIters : PIPELINE_ITERS;
        c.chars = 3_000_000;
        c.paths = 8;
        c.ks = List.of(1, 4, 8);
        c.rounds = 1;
        c.lmsiQuestions = 150;
        c.lmsiPaths = 8;
        c.opt.n = 60;
        c.opt.calculator = true;
        c.temperatures = List.of(1.0f);
        c.opt.quiet = quiet;
        return c.runAll();
    }

    Map<String, Object> runAll() throws Exception {
        // Every option is checked before hours of pretraining, not when its stage comes.
        List<PromptFormat> fs = scFormats.stream().map(PromptFormat::parse).toList();
        List<List<MathProblem>> scSets = opt.exemplarSets(exemplarSets, paths, fs.stream().anyMatch(PromptFormat::fewShot));
        try {
            Evaluation.checkPrompts(fs, scSets.size(), paths);
        } catch (IllegalArgumentException e) {
            throw new UserException("--format/--exemplar-sets: " + e.getMessage());
        }
        List<List<MathProblem>> lmsiSets = opt.exemplarSets(lmsiExemplarSets, lmsiPaths, true, "--lmsi-exemplar-sets", "--lmsi-paths");
        opt.problems();
        Map<String, Object> evaluation = evaluationSettings(fs);
        Files.createDirectories(out.resolve("results"));
        checkSameEvaluation(evaluation);
        Path model = pretrain();
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(evaluate("pretrained", model, fs, scSets));
        for (int round = 1; round <= rounds; round++) {
            Path roundDir = out.resolve("lmsi-" + round);
            System.err.println("== LMSI round " + round + " from " + model);
            SelfConsistency.Settings sampling = new SelfConsistency.Settings(lmsiPaths, lmsiTemperatures, topK, 1f, opt.maxTokens, 100 + round, opt.batchSize);
            Lmsi.Settings settings = new Lmsi.Settings(sampling, threshold, round);
            LmsiRound.FineTune ft = new LmsiRound.FineTune(0, lmsiEpochs, lmsiLr, 12, lmsiRehearsal,
                    new Rehearsal.Replay(opt.worldSeed, CorpusMix.parse(mix)), false);
            List<String> questions = opt.tasks().unlabeledQuestions(lmsiQuestions, round);
            Map<String, Object> r;
            try {
                r = ReasonImproveCommand.run(model, roundDir, questions, opt, lmsiSets, settings, ft);
            } catch (dev.jgpt.reason.EmptyHarvestException e) {
                // A model too weak to agree with itself has nothing to learn from: report, stop the rounds.
                System.out.println("LMSI round " + round + " skipped: " + e.getMessage());
                break;
            }
            rows.add(withRoundReport(evaluate("LMSI round " + round, roundDir, fs, scSets), r));
            if (lmsiControl) {
                Path controlDir = out.resolve("control-" + round);
                System.err.println("== replay control " + round + " from " + model);
                LmsiRound.copyHarvest(roundDir, controlDir);
                Map<String, Object> c = ReasonImproveCommand.run(model, controlDir, questions, opt, lmsiSets, settings, ft.asControl());
                rows.add(withRoundReport(evaluate("replay control " + round, controlDir, fs, scSets), c));
            }
            model = roundDir;
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("problems", opt.n);
        all.put("paths", paths);
        all.put("temperatures", temperatures);
        all.put("steps", evaluation.get("steps"));
        all.put("formats", evaluation.get("formats"));
        all.put("exemplar_sets", exemplarSets);
        all.put("lmsi_exemplar_sets", lmsiExemplarSets);
        all.put("rows", rows);
        AtomicFiles.writeString(out.resolve("results.json"), Json.pretty(all));
        String table = ReasonTable.markdown(rows, ks);
        AtomicFiles.writeString(out.resolve("results.md"), table);
        ReasonTable.plot(rows, ks, out.resolve("reasoning.png"));
        System.out.println(table);
        System.out.println("results: " + out.resolve("results.md") + "  chart: " + out.resolve("reasoning.png"));
        return all;
    }

    private Path pretrain() throws Exception {
        Path dir = out.resolve("pretrain");
        TrainConfig cfg = Presets.get("reason").overriddenBy(config);
        if (maxIters != null) { cfg.maxIters = maxIters; cfg.lrDecayIters = maxIters; }
        cfg.seed = opt.worldSeed;
        cfg.validate();
        System.err.println("== pretraining the reason preset on generated word problems");
        Trainer trainer = Files.exists(dir.resolve("checkpoint").resolve("config.json"))
                ? RunSetup.resume(cfg, dir) : RunSetup.fresh(cfg, RunSetup.DEFAULT_DATA, dir, null, chars, CorpusMix.parse(mix));
        Trainer.Result r;
        try (TrainProgress p = new TrainProgress(cfg.maxIters, trainer.step(), opt.quiet)) {
            r = trainer.run(p);
        }
        System.out.printf("pretraining: %d steps, train loss %.4f, val loss %.4f, %.0f s%n", r.steps(), r.trainLoss(), r.valLoss(), r.seconds());
        return dir;
    }

    /** Greedy in every format plus self-consistency, cached in OUT/results/NAME.json. */
    private Map<String, Object> evaluate(String name, Path model, List<PromptFormat> fs, List<List<MathProblem>> scSets) throws Exception {
        Path cache = rowFile(name);
        if (Files.exists(cache)) {
            System.err.println("== " + name + ": evaluated before (" + cache + ")");
            return Json.read(cache);
        }
        System.err.println("== evaluating " + name);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", name);
        row.put("checkpoint", model.toString());
        row.putAll(ReasonTable.evaluate(model, opt, FORMATS, new SelfConsistency.Settings(paths, temperatures, topK, 1f, opt.maxTokens, 1, opt.batchSize),
                fs, scSets, ks));
        AtomicFiles.writeString(cache, Json.pretty(row));
        return row;
    }

    /** The settings that decide how a row is scored. */
    private Map<String, Object> evaluationSettings(List<PromptFormat> fs) {
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("problems", opt.problems == null ? "generated" : opt.problems.toString());
        now.put("n", opt.n);
        now.put("offset", opt.offset);
        now.put("steps", opt.difficulty().minSteps() + "-" + opt.difficulty().maxSteps());
        now.put("shots", opt.shots);
        now.put("calculator", opt.calculator);
        now.put("max_tokens", opt.maxTokens);
        now.put("paths", paths);
        now.put("temperatures", temperatures.stream().map(String::valueOf).toList());
        now.put("top_k", topK);
        now.put("formats", fs.stream().map(PromptFormat::label).toList());
        now.put("exemplar_sets", exemplarSets);
        return now;
    }

    /**
     * Saved rows are reused by a rerun, so a rerun must score them the same way: the settings
     * that decide a row are recorded with the first run and a rerun that changes them is refused.
     */
    private void checkSameEvaluation(Map<String, Object> now) throws java.io.IOException {
        Path file = out.resolve("results").resolve("evaluation.json");
        if (Files.exists(file)) {
            Map<String, Object> before = Json.read(file);
            // Compared as JSON reads them back (numbers and lists in JSON's types), not as built.
            if (!before.equals(Json.MAPPER.readValue(Json.line(now), Map.class)))
                throw new UserException(out + " was evaluated with other settings " + Json.line(before) + "; a rerun continues a run with "
                        + "the same settings, so pass those or another --out");
            return;
        }
        AtomicFiles.writeString(file, Json.pretty(now));
    }

    private Path rowFile(String name) { return out.resolve("results").resolve(name.replace(' ', '-').toLowerCase() + ".json"); }

    /**
     * Adds a round's harvest and fine-tuning report to its row and saves it, once: a rerun finds
     * the round done (its fine-tune returns at once) and keeps the report of the run that did it.
     */
    private Map<String, Object> withRoundReport(Map<String, Object> row, Map<String, Object> report) throws java.io.IOException {
        if (row.containsKey("lmsi")) return row;
        row.put("lmsi", report);
        AtomicFiles.writeString(rowFile((String) row.get("model")), Json.pretty(row));
        return row;
    }
}
