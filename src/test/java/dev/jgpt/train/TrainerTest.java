package dev.jgpt.train;

import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.model.io.TrainerState;
import dev.jgpt.tensor.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {
    static TrainConfig tinyConfig(int iters) {
        TrainConfig c = Presets.get("tiny");
        c.nLayer = 2; c.nHead = 2; c.nEmbd = 32; c.blockSize = 32; c.batchSize = 4;
        c.maxIters = iters; c.lrDecayIters = iters; c.warmupIters = 2; c.evalInterval = 3; c.evalIters = 2;
        c.checkpointInterval = 3; c.tokenizer = "char"; c.dropout = 0.1f;
        return c;
    }

    static List<Float> losses(Trainer t) throws Exception {
        List<Float> out = new ArrayList<>();
        t.run(new Trainer.Listener() {
            @Override public void onStep(int step, int max, float loss, float lr, double tps) { out.add(loss); }
        });
        return out;
    }

    @Test
    void sameSeedGivesBitIdenticalLosses(@TempDir Path dir) throws Exception {
        List<Float> a = losses(RunSetup.fresh(tinyConfig(6), "default", dir.resolve("a"), null, 60_000));
        List<Float> b = losses(RunSetup.fresh(tinyConfig(6), "default", dir.resolve("b"), null, 60_000));
        assertEquals(6, a.size());
        assertEquals(a, b);
        TrainConfig other = tinyConfig(6);
        other.seed = 99;
        assertNotEquals(a, losses(RunSetup.fresh(other, "default", dir.resolve("c"), null, 60_000)));
    }

    @Test
    void resumedRunContinuesTheSameLossCurve(@TempDir Path dir) throws Exception {
        List<Float> full = losses(RunSetup.fresh(tinyConfig(6), "default", dir.resolve("full"), null, 60_000));
        // Kill the run right after its step-3 checkpoint ...
        List<Float> first = new ArrayList<>();
        Trainer t = RunSetup.fresh(tinyConfig(6), "default", dir.resolve("split"), null, 60_000);
        assertThrows(IllegalStateException.class, () -> t.run(new Trainer.Listener() {
            @Override public void onStep(int step, int max, float loss, float lr, double tps) { first.add(loss); }
            @Override public void onCheckpoint(int step, Path d) { throw new IllegalStateException("killed"); }
        }));
        assertEquals(3, first.size());
        // ... and a new process resumes it to step 6.
        Trainer resumed = RunSetup.resume(tinyConfig(6), dir.resolve("split"));
        assertEquals(3, resumed.step());
        List<Float> second = losses(resumed);
        List<Float> joined = new ArrayList<>(first);
        joined.addAll(second);
        assertEquals(full, joined);
        TrainerState st = dev.jgpt.model.io.CheckpointFiles.loadTrainerState(dir.resolve("split/checkpoint"));
        assertEquals(6, st.step());
        assertTrue(Files.exists(dir.resolve("split/loss.png")));
        assertEquals(Kernels.describe(), st.extra().get(Trainer.KERNELS), "the checkpoint records the kernels");
    }

    @Test
    void resumingOnOtherKernelsIsNamedAndTheSameKernelsAreNot() {
        Map<String, Object> now = Kernels.describe();
        assertNull(RunSetup.kernelsChange(now));
        assertNull(RunSetup.kernelsChange(null), "checkpoints from before kernels were recorded");
        Map<String, Object> other = new LinkedHashMap<>(now);
        other.put("vector_bits", 1024);
        String why = RunSetup.kernelsChange(other);
        assertNotNull(why);
        assertTrue(why.contains("vector_bits=1024") && why.contains("resumes with " + now), why);
    }

    @Test
    void refusesToOverwriteAnExistingRun(@TempDir Path dir) throws Exception {
        losses(RunSetup.fresh(tinyConfig(3), "default", dir, null, 60_000));
        var e = assertThrows(dev.jgpt.util.UserException.class, () -> RunSetup.fresh(tinyConfig(3), "default", dir, null, 60_000));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFineTuneSavesTheBaseModelsShapeNotThePresets(@TempDir Path dir) throws Exception {
        TrainConfig base = tinyConfig(3);
        base.nLayer = 3; base.nHead = 4; base.nEmbd = 48; base.bias = false; base.dropout = 0.05f;
        losses(RunSetup.fresh(base, "default", dir.resolve("base"), null, 60_000));

        TrainConfig ft = tinyConfig(2);   // 2 layers, 32 wide, bias, dropout 0.1: none of it applies
        ft.blockSize = 16;
        losses(RunSetup.fresh(ft, "default", dir.resolve("ft"), dir.resolve("base/checkpoint"), 60_000));
        TrainerState st = dev.jgpt.model.io.CheckpointFiles.loadTrainerState(dir.resolve("ft/checkpoint"));
        var saved = (java.util.Map<String, Object>) st.extra().get("train_config");
        assertEquals(3, saved.get("n_layer"));
        assertEquals(4, saved.get("n_head"));
        assertEquals(48, saved.get("n_embd"));
        assertEquals(false, saved.get("bias"));
        assertEquals(0.05, ((Number) saved.get("dropout")).doubleValue(), 1e-6);
        assertEquals(16, saved.get("block_size"), "a shorter fine-tuning context is kept");
    }

    @Test
    void aRunOnTheGeneratedCorpusRecordsItsMixAndResumesAndFineTunesKeepIt(@TempDir Path dir) throws Exception {
        CorpusMix mix = CorpusMix.parse("facts=1,arithmetic=2");
        Trainer first = RunSetup.fresh(tinyConfig(3), "default", dir.resolve("base"), null, 60_000, mix);
        losses(first);
        PretrainingCorpus expected = new PretrainingCorpus(mix, tinyConfig(3).seed, 60_000);
        assertEquals(Optional.of(expected), PretrainingCorpus.recordedIn(dir.resolve("base")));

        TrainConfig longer = tinyConfig(5);
        Trainer resumed = RunSetup.resume(longer, dir.resolve("base"));
        assertEquals(Optional.of(expected), resumed.pretrainingCorpus(), "restored from the checkpoint");
        losses(resumed);
        assertEquals(Optional.of(expected), PretrainingCorpus.recordedIn(dir.resolve("base/checkpoint")), "saved again by the resumed run");

        // A fine-tune on other text (an LMSI round's harvest, say) was still pretrained on the mix.
        Path text = Files.writeString(dir.resolve("ft.txt"), dev.jgpt.data.synth.Corpus.generate(tinyConfig(1).seed, 20_000, mix, ""));
        losses(RunSetup.freshFrom(tinyConfig(2), text.toString(), dir.resolve("ft"),
                dev.jgpt.model.ModelDir.load(dir.resolve("base")), 0, null));
        assertEquals(Optional.of(expected), PretrainingCorpus.recordedIn(dir.resolve("ft")));

        // A run from scratch on a text file was not pretrained on a generated corpus.
        Path scratchText = Files.writeString(dir.resolve("own.txt"), "the quick brown fox jumps over the lazy dog. ".repeat(400));
        losses(RunSetup.fresh(tinyConfig(2), scratchText.toString(), dir.resolve("file"), null, 0));
        assertEquals(Optional.empty(), PretrainingCorpus.recordedIn(dir.resolve("file")));
    }

    @Test
    void aMalformedCorpusRecordIsNamed() {
        Map<String, Object> extras = new LinkedHashMap<>();
        assertEquals(Optional.empty(), PretrainingCorpus.fromExtras(extras, "state"), "checkpoints from before records");
        extras.put(PretrainingCorpus.KEY, Map.of("mix", "reasoning"));
        var e = assertThrows(dev.jgpt.util.UserException.class, () -> PretrainingCorpus.fromExtras(extras, "state"));
        assertTrue(e.getMessage().contains(PretrainingCorpus.KEY), e.getMessage());
        extras.put(PretrainingCorpus.KEY, Map.of("mix", "reasoning", "seed", 1, "chars", 10));
        e = assertThrows(dev.jgpt.util.UserException.class, () -> PretrainingCorpus.fromExtras(extras, "state"));
        assertTrue(e.getMessage().contains("bad corpus mix"), e.getMessage());
    }

    @Test
    void gradientAccumulationMatchesTheLargerBatchDirection(@TempDir Path dir) throws Exception {
        TrainConfig c = tinyConfig(4);
        c.gradAccum = 2;
        c.dropout = 0f;
        List<Float> l = losses(RunSetup.fresh(c, "default", dir, null, 60_000));
        assertEquals(4, l.size());
        assertTrue(l.get(3) < l.get(0), "loss decreases: " + l);
    }
}
