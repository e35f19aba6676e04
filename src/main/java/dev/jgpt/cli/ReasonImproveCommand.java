package dev.jgpt.cli;

import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.reason.Lmsi;
import dev.jgpt.reason.LmsiRound;
import dev.jgpt.reason.MathProblem;
import dev.jgpt.reason.ProblemFiles;
import dev.jgpt.reason.Rehearsal;
import dev.jgpt.reason.SelfConsistency;
import dev.jgpt.train.PretrainingCorpus;
import dev.jgpt.train.Trainer;
import dev.jgpt.util.Json;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code jgpt reason improve}: one LMSI round. */
@Command(name = "improve", mixinStandardHelpOptions = true,
        description = {"One round of LMSI self-improvement, without labels:",
                "  1. sample --paths chain-of-thought paths for each unlabeled question and vote;",
                "  2. keep the paths that agree with a majority holding at least --threshold of the votes;",
                "  3. write them in four formats (CoT exemplars -> path, answer-only exemplars -> answer,",
                "     \"Let's think step by step\" -> path, question -> answer) to OUT/lmsi-data.txt;",
                "  4. fine-tune the model on them (with --rehearsal, mixed with replayed pretraining text) into OUT/checkpoint.",
                "--control fine-tunes on replayed pretraining text alone instead: the baseline for a round's gain.",
                "Questions come from --questions (any answer field is dropped unread) or are generated training-split ones.",
                "Rerunning with the same --out continues the round. For another round, pass --model OUT --round 2."})
final class ReasonImproveCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model to improve.") Path model;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Round folder: harvested data and the fine-tuned checkpoint.") Path out;
    @Option(names = "--questions", paramLabel = "FILE", description = "JSONL with a 'question' field per line (answers, if any, are ignored).") Path questionsFile;
    @Option(names = "--questions-n", description = "Unlabeled questions to use (default: ${DEFAULT-VALUE}).") int questionsN = 600;
    @Option(names = "--round", description = "Which generated question set (a fresh one per round; default: ${DEFAULT-VALUE}).") int round = 1;
    @Option(names = "--paths", description = "Paths per question (default: ${DEFAULT-VALUE}).") int paths = 16;
    @Option(names = "--temperature", split = ",", description = "Sampling temperature(s) (default: ${DEFAULT-VALUE}).") List<Float> temperatures = List.of(0.7f);
    @Option(names = "--top-k", description = "Top-k filter, 0 = off (default: ${DEFAULT-VALUE}).") int topK = 40;
    @Option(names = "--threshold", description = "Minimum vote share of the majority to use a question (default: ${DEFAULT-VALUE}).") double threshold = 0.5;
    @Option(names = "--seed", description = "Sampling seed (default: ${DEFAULT-VALUE}).") long seed = 1;
    @Option(names = "--iters", description = "Fine-tuning steps (default: about --epochs passes over the harvest).") int iters;
    @Option(names = "--epochs", description = "Passes over the harvest when --iters is not given (default: ${DEFAULT-VALUE}).") double epochs = 2;
    @Option(names = "--lr", description = "Fine-tuning peak learning rate (default: ${DEFAULT-VALUE}).") float lr = 3e-4f;
    @Option(names = "--rehearsal", description = "Share of the fine-tuning documents replayed from the pretraining corpus (--replay-mix of the --world-seed world), "
            + "so the model does not drift from what it knew; 0 = the harvest alone, as in the paper (default: ${DEFAULT-VALUE}).")
    double rehearsal = 0;
    @Option(names = "--control", description = "Instead of the harvest, fine-tune on replayed pretraining text only, as much as the harvest "
            + "plus its rehearsal would be, with the same settings: the baseline a round's gain is compared with (a model that "
            + "stopped pretraining early gains from any further training).")
    boolean control;
    @Option(names = "--replay-mix", paramLabel = "SPEC", description = "Corpus mix the model was pretrained on (its pretraining --mix), "
            + "which --rehearsal and --control replay (default: the mix recorded in the model's checkpoint, which runs on the "
            + "generated corpus and their fine-tunes keep; else " + USUAL_REPLAY + ").")
    String replayMix;
    @Option(names = "--exemplar-sets", paramLabel = "N",
            description = "Prompt path j with exemplar set j mod N (--shots each; set 0 is the usual one), so the harvest keeps what "
                    + "an ensemble of prompts agrees on; the documents use set 0 (default: ${DEFAULT-VALUE}).")
    int exemplarSets = 1;
    @Option(names = "--train-batch", description = "Fine-tuning batch size (default: ${DEFAULT-VALUE}).") int trainBatch = 12;
    @Mixin ReasonOptions opt;

    @Override public Integer call() throws Exception {
        List<String> questions = questions();
        Lmsi.Settings settings;
        try {
            settings = new Lmsi.Settings(new SelfConsistency.Settings(paths, temperatures, topK, 1f, opt.maxTokens, seed, opt.batchSize),
                    threshold, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        Optional<PretrainingCorpus> recorded = replayMix == null ? PretrainingCorpus.recordedIn(model) : Optional.empty();
        CorpusMix replay = replayMix(replayMix, recorded);
        if ((rehearsal > 0 || control) && replayMix == null)
            System.out.println("replay: " + replay + (recorded.isPresent()
                    ? " (the pretraining mix recorded with the model)" : " (the model records no pretraining corpus; --replay-mix sets one)"));
        LmsiRound.FineTune ft = new LmsiRound.FineTune(iters, epochs, lr, trainBatch, rehearsal,
                new Rehearsal.Replay(opt.worldSeed, replay), control);
        Map<String, Object> report = run(model, out, questions, opt, opt.exemplarSets(exemplarSets, paths, true), settings, ft);
        if (opt.json) System.out.println(Json.line(report));
        return 0;
    }

    /** The replay when --replay-mix is not given: the mix of the main reasoning corpus, which {@code reason experiment} pretrains on by default. */
    static final String USUAL_REPLAY = "reasoning=1";

    /**
     * The corpus mix to replay: {@code given} when there is one, else the pretraining corpus
     * {@code recorded} in the model's checkpoint, else {@link #USUAL_REPLAY}.
     */
    static CorpusMix replayMix(String given, Optional<PretrainingCorpus> recorded) {
        if (given != null) return CorpusMix.parse(given);
        return recorded.map(PretrainingCorpus::mix).orElse(CorpusMix.parse(USUAL_REPLAY));
    }

    /** Harvest then fine-tune, printing each half's numbers; shared with {@code reason experiment}. */
    static Map<String, Object> run(Path model, Path out, List<String> questions, ReasonOptions opt, List<List<MathProblem>> exemplarSets,
                                   Lmsi.Settings settings, LmsiRound.FineTune ft) throws Exception {
        Map<String, Object> h;
        try (Bars bar = Bars.of("lmsi paths", (long) questions.size() * settings.sampling().paths(), opt.quiet)) {
            h = LmsiRound.harvest(model, out, questions, exemplarSets, settings, opt.tool(), bar.counter());
        }
        System.out.printf("harvest: %s of %s questions confident (share >= %.2f), %s paths kept, %s documents%n",
                h.get("confident_questions"), h.get("questions"), settings.threshold(), h.get("paths_kept"), h.get("documents"));
        Trainer.Result r;
        try (TrainProgress p = new TrainProgress(1, 0, opt.quiet)) {
            r = LmsiRound.fineTune(model, out, ft, p);
        }
        System.out.printf("fine-tune: %d steps, train loss %.4f, val loss %.4f, %.0f s -> %s%n", r.steps(), r.trainLoss(), r.valLoss(),
                r.seconds(), out.resolve("checkpoint"));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("harvest", h);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("steps", r.steps());
        f.put("train_loss", r.trainLoss());
        f.put("val_loss", r.valLoss());
        f.put("seconds", r.seconds());
        f.put("checkpoint", out.resolve("checkpoint").toString());
        report.put("fine_tune", f);
        return report;
    }

    private List<String> questions() {
        if (questionsN < 1) throw new UserException("--questions-n must be >= 1");
        List<String> qs = new ArrayList<>();
        if (questionsFile != null) {
            // Only the question text leaves this method: the loop cannot read a label.
            for (MathProblem p : ProblemFiles.load(questionsFile)) qs.add(p.unlabeled().question());
            return qs.subList(0, Math.min(questionsN, qs.size()));
        }
        return opt.tasks().unlabeledQuestions(questionsN, round);
    }
}
