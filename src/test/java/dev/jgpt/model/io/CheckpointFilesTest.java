package dev.jgpt.model.io;

import dev.jgpt.model.GptConfig;
import dev.jgpt.util.UserException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.*;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointFilesTest {
    @TempDir Path tmp;
    private final GptConfig cfg = TestModels.tiny(true);

    @AfterEach void resetHook() { DirectorySwap.betweenRenames = () -> {}; }

    private static UserException userError(Executable e, String... fragments) {
        UserException ex = assertThrows(UserException.class, e::run);
        for (String f : fragments) assertTrue(ex.getMessage().contains(f), () -> "expected '" + f + "' in: " + ex.getMessage());
        return ex;
    }

    interface Executable { void run() throws Exception; }

    private List<String> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) { return s.map(p -> p.getFileName().toString()).sorted().toList(); }
    }

    @Test void modelRoundTrip() throws Exception {
        Path dir = tmp.resolve("ckpt");
        var params = TestModels.randomParams(cfg, 7);
        CheckpointFiles.saveModel(dir, cfg, 3, params, Map.of("step", "500"));
        LoadedModel m = CheckpointFiles.loadModel(dir);
        assertEquals(cfg, m.config());
        assertEquals(3, m.eotId());
        assertEquals(params, m.params());
        assertEquals(List.copyOf(params.keySet()), List.copyOf(m.params().keySet()));
        assertEquals("500", m.metadata().get("step"));
        assertEquals(List.of("ckpt"), listing(tmp), "no staging directories left behind");
        assertEquals(List.of("config.json", "model.safetensors"), listing(dir));
    }

    @Test void biasFreeModelRoundTrip() throws Exception {
        GptConfig nb = TestModels.tiny(false);
        var params = TestModels.randomParams(nb, 8);
        CheckpointFiles.saveModel(tmp.resolve("nb"), nb, -1, params, Map.of());
        LoadedModel m = CheckpointFiles.loadModel(tmp.resolve("nb"));
        assertEquals(nb, m.config());
        assertEquals(10, m.eotId());
        assertEquals(params, m.params());
    }

    @Test void loadsHubStyleDirectory() throws Exception {
        // A Hub gpt2 folder: HF config.json, names with transformer. prefix and the old attn.bias mask buffers.
        Path dir = Files.createDirectories(tmp.resolve("hub"));
        String json = HfGpt2ConfigTest.fixture().replace("\"n_layer\": 12", "\"n_layer\": 2")
                .replace("\"n_head\": 12", "\"n_head\": 2").replace("\"n_embd\": 768", "\"n_embd\": 8")
                .replace("\"n_positions\": 1024", "\"n_positions\": 16").replace("\"vocab_size\": 50257", "\"vocab_size\": 11")
                .replace("50256", "10");
        Files.writeString(dir.resolve("config.json"), json);
        var params = TestModels.randomParams(cfg, 9);
        Map<String, TensorData> hub = new LinkedHashMap<>();
        params.forEach((k, v) -> hub.put("transformer." + k, v));
        for (int i = 0; i < 2; i++) hub.put("transformer.h." + i + ".attn.bias", TensorData.zeros(1, 1, 16, 16));
        Safetensors.write(dir.resolve("model.safetensors"), hub, Map.of());
        LoadedModel m = CheckpointFiles.loadModel(dir);
        assertEquals(new GptConfig(2, 2, 8, 16, 11, 0.1f, true), m.config());
        assertEquals(10, m.eotId());
        assertEquals(params, m.params());
    }

    @Test void missingPiecesAreUserErrors() throws Exception {
        Path dir = tmp.resolve("none");
        userError(() -> CheckpointFiles.loadModel(dir), "no checkpoint at " + dir + ": directory does not exist");
        Files.createDirectories(dir);
        userError(() -> CheckpointFiles.loadModel(dir), "no checkpoint at " + dir + ": missing config.json");
        HfGpt2Config.of(cfg, 3).write(dir.resolve("config.json"));
        userError(() -> CheckpointFiles.loadModel(dir), "no checkpoint at " + dir + ": missing model.safetensors");
        userError(() -> CheckpointFiles.loadOptimizer(dir), "missing optimizer.safetensors");
        userError(() -> CheckpointFiles.loadTrainerState(dir), "missing trainer_state.json");
    }

    @Test void configAndWeightsDisagree() throws Exception {
        Path dir = tmp.resolve("ckpt");
        CheckpointFiles.saveModel(dir, cfg, 3, TestModels.randomParams(cfg, 1), Map.of());
        HfGpt2Config.of(new GptConfig(2, 2, 16, 16, 11, 0f, true), 3).write(dir.resolve("config.json"));
        userError(() -> CheckpointFiles.loadModel(dir), dir.resolve("model.safetensors") + " does not match the config",
                "wte.weight is [11, 8] but the config says n_embd=16");
    }

    @Test void savingMismatchedParamsFailsBeforeWriting() {
        var params = TestModels.randomParams(cfg, 1);
        params.remove("ln_f.bias");
        userError(() -> CheckpointFiles.saveModel(tmp.resolve("c"), cfg, 3, params, Map.of()), "ln_f.bias");
        assertFalse(Files.exists(tmp.resolve("c")));
    }

    @Test void trainingCheckpointRoundTrip() throws Exception {
        Path dir = tmp.resolve("ckpt");
        var params = TestModels.randomParams(cfg, 2);
        var m = TestModels.randomParams(cfg, 3);
        var v = TestModels.randomParams(cfg, 4);
        OptimizerState opt = new OptimizerState(m, v, Map.of("step", "1000"));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("lr", 3e-4);
        extra.put("schedule", Map.of("warmup", 100));
        extra.put("shards", List.of("a.bin", "b.bin"));
        TrainerState state = new TrainerState(1000, Map.of("init", 1337L, "data", -5L),
                List.of(new TrainerState.LossPoint(0, 10.9, 10.95), new TrainerState.LossPoint(500, 3.2, Double.NaN),
                        new TrainerState.LossPoint(1000, Double.POSITIVE_INFINITY, 2.9)), extra);
        assertFalse(CheckpointFiles.isResumable(dir));
        CheckpointFiles.saveCheckpoint(dir, cfg, 3, params, Map.of(), opt, state);
        assertTrue(CheckpointFiles.isResumable(dir));

        OptimizerState o = CheckpointFiles.loadOptimizer(dir);
        assertEquals(m, o.expAvg());
        assertEquals(v, o.expAvgSq());
        assertEquals("1000", o.metadata().get("step"));
        o.checkMatches(CheckpointFiles.loadModel(dir).params(), "optimizer.safetensors");

        TrainerState s = CheckpointFiles.loadTrainerState(dir);
        assertEquals(1000, s.step());
        assertEquals(Map.of("init", 1337L, "data", -5L), s.rngSeeds());
        assertEquals(3, s.lossHistory().size());
        assertEquals(10.95, s.lossHistory().get(0).valLoss());
        assertTrue(Double.isNaN(s.lossHistory().get(1).valLoss()));
        assertTrue(Double.isNaN(s.lossHistory().get(2).trainLoss()), "non-finite losses are stored as null");
        assertEquals(3e-4, s.extra().get("lr"));
        assertEquals(Map.of("warmup", 100), s.extra().get("schedule"));
        assertEquals(List.of("a.bin", "b.bin"), s.extra().get("shards"));
    }

    @Test void optimizerFileValidation() throws Exception {
        Path dir = tmp.resolve("ckpt");
        CheckpointFiles.saveModel(dir, cfg, 3, TestModels.randomParams(cfg, 1), Map.of());
        Safetensors.write(dir.resolve("optimizer.safetensors"),
                Map.of("exp_avg.wte.weight", TensorData.zeros(11, 8), "exp_avg_sq.wte.weight", TensorData.zeros(8, 11),
                        "exp_avg.wpe.weight", TensorData.zeros(16, 8), "momentum.x", TensorData.zeros(1)), Map.of());
        userError(() -> CheckpointFiles.loadOptimizer(dir), "optimizer.safetensors: unexpected tensors", "momentum.x");
        Safetensors.write(dir.resolve("optimizer.safetensors"),
                Map.of("exp_avg.wte.weight", TensorData.zeros(11, 8), "exp_avg_sq.wte.weight", TensorData.zeros(8, 11),
                        "exp_avg.wpe.weight", TensorData.zeros(16, 8)), Map.of());
        userError(() -> CheckpointFiles.loadOptimizer(dir),
                "exp_avg.wte.weight is [11, 8] but exp_avg_sq.wte.weight is [8, 11]", "exp_avg_sq.wpe.weight missing");
        OptimizerState partial = new OptimizerState(new LinkedHashMap<>(Map.of("wte.weight", TensorData.zeros(11, 8))),
                new LinkedHashMap<>(Map.of("wte.weight", TensorData.zeros(11, 8))), Map.of());
        userError(() -> partial.checkMatches(TestModels.randomParams(cfg, 1), "optimizer.safetensors"),
                "does not match the model", "no state for parameter wpe.weight");
    }

    @Test void trainerStateErrors() {
        userError(() -> TrainerState.parse("{\"step\": -1}", "t.json"), "t.json: \"step\" must be a non-negative integer");
        userError(() -> TrainerState.parse("{\"step\": 1, \"loss_history\": [{\"train_loss\": 1}]}", "t.json"), "no integer \"step\"");
        userError(() -> TrainerState.parse("nope", "t.json"), "t.json: not valid JSON");
        assertEquals(0, TrainerState.parse("{\"step\": 0}", "t").lossHistory().size());
    }

    // ---- crash safety ----

    private void saveA(Path dir) throws IOException {
        CheckpointFiles.saveModel(dir, cfg, 3, TestModels.randomParams(cfg, 100), Map.of("tag", "A"));
    }

    private void assertIsA(Path dir) throws IOException {
        LoadedModel m = CheckpointFiles.loadModel(dir);
        assertEquals("A", m.metadata().get("tag"));
        assertEquals(TestModels.randomParams(cfg, 100), m.params());
    }

    @Test void exceptionMidSaveKeepsPreviousCheckpoint() throws Exception {
        Path dir = tmp.resolve("ckpt");
        saveA(dir);
        GptConfig bigger = new GptConfig(3, 2, 8, 16, 11, 0f, true);
        IOException boom = assertThrows(IOException.class, () -> DirectorySwap.replace(dir, CheckpointFiles.MANAGED_FILES,
                CheckpointFiles.CONFIG_FILE, staging -> {
                    // New weights are fully written, config.json not yet: exactly the torn state to avoid.
                    Safetensors.write(staging.resolve("model.safetensors"), TestModels.randomParams(bigger, 5), Map.of("tag", "B"));
                    throw new IOException("disk full (simulated)");
                }));
        assertEquals("disk full (simulated)", boom.getMessage());
        assertIsA(dir);
        assertEquals(List.of("ckpt"), listing(tmp));
    }

    @Test void failureBetweenRenamesRestoresPreviousCheckpoint() throws Exception {
        Path dir = tmp.resolve("ckpt");
        saveA(dir);
        DirectorySwap.betweenRenames = () -> { throw new IllegalStateException("killed (simulated)"); };
        assertThrows(IllegalStateException.class,
                () -> CheckpointFiles.saveModel(dir, cfg, 3, TestModels.randomParams(cfg, 5), Map.of("tag", "B")));
        assertIsA(dir);
        assertEquals(List.of("ckpt"), listing(tmp));
    }

    @Test void crashDuringStagingLeavesOldCheckpointAndNextSaveCleansUp() throws Exception {
        Path dir = tmp.resolve("ckpt");
        saveA(dir);
        // What a killed process leaves: a half-written staging directory.
        Path next = Files.createDirectories(tmp.resolve(".ckpt.next"));
        Files.write(next.resolve("model.safetensors"), new byte[]{1, 2, 3});
        assertIsA(dir);
        CheckpointFiles.saveModel(dir, cfg, 3, TestModels.randomParams(cfg, 5), Map.of("tag", "B"));
        assertEquals("B", CheckpointFiles.loadModel(dir).metadata().get("tag"));
        assertEquals(List.of("ckpt"), listing(tmp));
    }

    @Test void crashBetweenRenamesRollsForwardOnLoad() throws Exception {
        Path dir = tmp.resolve("ckpt");
        saveA(dir);
        Path other = tmp.resolve("other");
        CheckpointFiles.saveModel(other, cfg, 3, TestModels.randomParams(cfg, 5), Map.of("tag", "B"));
        // The state after step 2 of the swap: old renamed aside, complete new one still staged.
        Files.move(dir, tmp.resolve(".ckpt.prev"), StandardCopyOption.ATOMIC_MOVE);
        Files.move(other, tmp.resolve(".ckpt.next"), StandardCopyOption.ATOMIC_MOVE);
        assertEquals("B", CheckpointFiles.loadModel(dir).metadata().get("tag"));
        saveA(dir); // and the following save clears the leftover .prev
        assertEquals(List.of("ckpt"), listing(tmp));
    }

    @Test void crashAfterMovingOldAsideWithoutStagingRecoversOld() throws Exception {
        Path dir = tmp.resolve("ckpt");
        saveA(dir);
        Files.move(dir, tmp.resolve(".ckpt.prev"), StandardCopyOption.ATOMIC_MOVE);
        assertIsA(dir);
    }

    @Test void unmanagedFilesSurviveSavesButStaleOptimizerDoesNot() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ckpt"));
        Files.writeString(dir.resolve("vocab.bpe"), "merges");      // tokenizer written before the first save
        CheckpointFiles.saveCheckpoint(dir, cfg, 3, TestModels.randomParams(cfg, 1), Map.of(),
                new OptimizerState(TestModels.randomParams(cfg, 2), TestModels.randomParams(cfg, 3), Map.of()),
                new TrainerState(10, Map.of(), List.of(), Map.of()));
        Files.writeString(dir.resolve("encoder.json"), "{}");     // tokenizer written after it
        saveA(dir);
        assertEquals(List.of("config.json", "encoder.json", "model.safetensors", "vocab.bpe"), listing(dir));
        assertEquals("merges", Files.readString(dir.resolve("vocab.bpe")));
        assertFalse(CheckpointFiles.isResumable(dir), "optimizer state of old weights must not survive a model-only save");
    }

    @Test void refusesToSwapOutAnUnrelatedDirectory() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.createDirectories(project.resolve("src"));
        userError(() -> saveA(project), "refusing to save a checkpoint into", "no config.json");
        assertTrue(Files.isDirectory(project.resolve("src")));
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        userError(() -> saveA(file), "is a file, not a directory");
    }
}
