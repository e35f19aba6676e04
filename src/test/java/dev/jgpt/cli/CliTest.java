package dev.jgpt.cli;

import dev.jgpt.tensor.Lanes;
import dev.jgpt.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Drives the command line as a user would: exit codes, one-line errors, --json output. */
class CliTest {
    record Run(int code, String out, String err) {
        String lastLine() { String[] l = out.trim().split("\n"); return l[l.length - 1]; }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(System.err, true));
            cl.setOut(new PrintWriter(System.out, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @TempDir static Path shared;
    static Path run;

    @BeforeAll
    static void trainTinyModel() {
        run = shared.resolve("run");
        Run r = run("train", "--preset", "tiny", "--max-iters", "4", "--eval-interval", "2", "--default-chars", "50000",
                "--out", run.toString(), "--json", "--quiet", "--config", writeConfig(shared, "{\"n_layer\": 1, \"n_embd\": 32, \"n_head\": 2, \"block_size\": 32, \"tokenizer\": \"char\", \"batch_size\": 4, \"eval_iters\": 2}").toString());
        assertEquals(0, r.code(), r.err());
    }

    static Path writeConfig(Path dir, String json) {
        try {
            Path p = dir.resolve("cfg" + json.hashCode() + ".json");
            Files.writeString(p, json);
            return p;
        } catch (Exception e) { throw new RuntimeException(e); }
    }

    @Test
    void trainPrintsJsonAndWritesCheckpoint() throws Exception {
        assertTrue(Files.exists(run.resolve("checkpoint/model.safetensors")));
        assertTrue(Files.exists(run.resolve("loss.png")));
    }

    @Test
    void sampleStreamsAndIsGreedyDeterministic() throws Exception {
        Run a = run("sample", "--model", run.toString(), "--prompt", "Where is", "-n", "20", "--temperature", "0", "--json");
        Run b = run("sample", "--model", run.toString(), "--prompt", "Where is", "-n", "20", "--temperature", "0", "--json");
        assertEquals(0, a.code(), a.err());
        assertEquals(a.lastLine(), b.lastLine());
        Map<?, ?> o = Json.MAPPER.readValue(a.lastLine(), Map.class);
        assertTrue(o.containsKey("samples"));
        Run s = run("sample", "--model", run.toString(), "--prompt", "The", "-n", "10", "--num-samples", "3");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("---------------"));
    }

    @Test
    void evalReportsLossAndPerplexity() throws Exception {
        Path text = shared.resolve("eval.txt");
        Files.writeString(text, "Tom has a red kite. The kite is in the garden.\n".repeat(10));
        Run r = run("eval", "--model", run.toString(), "--data", text.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<?, ?> o = Json.MAPPER.readValue(r.lastLine(), Map.class);
        double loss = ((Number) o.get("loss")).doubleValue(), ppl = ((Number) o.get("perplexity")).doubleValue();
        assertEquals(Math.exp(loss), ppl, 1e-6 * ppl);
    }

    static void assertUserError(Run r, String fragment) {
        assertEquals(2, r.code(), "exit code 2 for a user error; stderr: " + r.err());
        assertTrue(r.err().contains(fragment), "stderr mentions '" + fragment + "': " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void badInputsGiveOneLineErrorsAndLeaveCheckpointsIntact() throws Exception {
        byte[] before = Files.readAllBytes(run.resolve("checkpoint/model.safetensors"));
        assertUserError(run("train", "--preset", "nope"), "unknown preset 'nope'");
        assertUserError(run("train", "--data", shared.resolve("missing.txt").toString(), "--out", shared.resolve("x").toString()), "does not exist");
        Path empty = shared.resolve("empty.txt");
        Files.writeString(empty, "  \n");
        assertUserError(run("train", "--data", empty.toString(), "--out", shared.resolve("y").toString(), "--quiet"), "corpus is empty");
        assertUserError(run("train", "--config", writeConfig(shared, "{\"n_layers\": 3}").toString(), "--out", shared.resolve("z").toString()), "n_layers");
        assertUserError(run("train", "--config", writeConfig(shared, "{\"n_head\": 3}").toString(), "--out", shared.resolve("z").toString()), "n_embd");
        assertUserError(run("train", "--out", run.toString(), "--quiet"), "already holds a checkpoint");
        assertUserError(run("sample", "--model", shared.resolve("nomodel").toString()), "does not exist");
        assertUserError(run("sample", "--model", run.toString(), "--prompt", "Tom ".repeat(40)), "longer than the model's context");
        assertUserError(run("sample", "--model", run.toString(), "--prompt", "\u2603"), "\u2603");
        assertUserError(run("sample", "--model", run.toString(), "--top-p", "0"), "top-p");
        assertUserError(run("eval", "--model", run.toString(), "--data", shared.resolve("none.txt").toString()), "no such file");
        assertArrayEquals(before, Files.readAllBytes(run.resolve("checkpoint/model.safetensors")));
        // A corrupt checkpoint is reported, not loaded.
        Path broken = shared.resolve("broken");
        Files.createDirectories(broken);
        for (String f : new String[]{"config.json", "tokenizer.json"}) Files.copy(run.resolve("checkpoint").resolve(f), broken.resolve(f));
        Files.write(broken.resolve("model.safetensors"), java.util.Arrays.copyOf(before, 100));
        assertUserError(run("sample", "--model", broken.toString()), "model.safetensors");
    }

    @Test
    void fineTunesFromAModelDirectoryWithShorterSequences() throws Exception {
        Path text = shared.resolve("ft.txt");
        Files.writeString(text, "Tom has a red kite. The kite is in the garden. ".repeat(40));
        Run r = run("train", "--init-from", run.toString(), "--data", text.toString(), "--out", shared.resolve("ft").toString(),
                "--max-iters", "3", "--eval-interval", "3", "--quiet", "--json",
                "--config", writeConfig(shared, "{\"block_size\": 16, \"batch_size\": 2, \"eval_iters\": 1}").toString());
        assertEquals(0, r.code(), r.err());
        Map<?, ?> o = Json.MAPPER.readValue(r.lastLine(), Map.class);
        assertEquals(3, ((Number) o.get("steps")).intValue());
        assertEquals(Lanes.bits(), ((Map<?, ?>) o.get("kernels")).get("vector_bits"), String.valueOf(o));
        // The fine-tuned model keeps the base model's shape (context 32) and tokenizer.
        var ft = dev.jgpt.model.ModelDir.load(shared.resolve("ft"));
        assertEquals(32, ft.model().config().blockSize());
    }

    @Test
    void resumeAfterTheEndIsANoOpAndHelpExplains() {
        Run r = run("train", "--resume", "--out", run.toString(), "--max-iters", "4", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("warning"), "same kernels, no warning: " + r.err());
        Run h = run("train", "--help");
        assertTrue(h.out().contains("--resume") && h.out().contains("--preset"), h.out());
    }

    @Test
    void benchTrainReportsSpeedAndTheKernelsThatRan() throws Exception {
        Run r = run("bench", "train", "--layers", "1", "--heads", "2", "--embd", "16", "--context", "8", "--vocab", "32",
                "--batch", "2", "--steps", "2", "--warmup", "1", "--json");
        assertEquals(0, r.code(), r.err());
        Map<?, ?> o = Json.MAPPER.readValue(r.lastLine(), Map.class);
        assertEquals("openblas", o.get("gemm"));
        assertTrue(o.get("blas_core") instanceof String core && !core.isBlank(), String.valueOf(o));
        assertEquals(Lanes.bits(), o.get("vector_bits"));
        assertTrue(((Number) o.get("tokens_per_second")).doubleValue() > 0, String.valueOf(o));
    }
}
