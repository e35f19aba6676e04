package dev.jgpt.code.tasks;

import dev.jgpt.cli.Main;
import dev.jgpt.code.Problem;
import dev.jgpt.code.ProblemLoader;
import dev.jgpt.code.Sample;
import dev.jgpt.code.SampleLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** {@code code tasks} then {@code train --mix} then {@code code generate} then {@code code eval}, on a tiny model. */
class CodeGenerateCommandTest {
    @TempDir Path dir;

    private static int run(String... args) { return Main.commandLine().execute(args); }

    @Test void tasksTrainGenerateEval() throws Exception {
        Path problems = dir.resolve("problems.jsonl"), samples = dir.resolve("samples.jsonl"), model = dir.resolve("run");
        assertEquals(0, run("code", "tasks", "--split", "heldout", "--n", "3", "--out", problems.toString()));
        List<Problem> ps = ProblemLoader.load(problems);
        assertEquals(3, ps.size());
        assertTrue(ps.get(0).taskId().startsWith("JGPT/heldout/"));

        Path cfg = Files.writeString(dir.resolve("cfg.json"), "{\"n_layer\": 1, \"n_embd\": 32, \"n_head\": 2, \"block_size\": 192,"
                + " \"tokenizer\": \"char\", \"batch_size\": 2, \"eval_iters\": 1}");
        assertEquals(0, run("train", "--preset", "code", "--mix", "code=3,facts=1", "--max-iters", "3", "--eval-interval", "3",
                "--default-chars", "20000", "--quiet", "--config", cfg.toString(), "--out", model.toString()));

        assertEquals(0, run("code", "generate", "--model", model.toString(), "--problems", problems.toString(), "--n", "2",
                "--temperature", "0.8", "--max-new-tokens", "12", "--batch", "4", "--out", samples.toString()));
        Map<String, Problem> byId = ps.stream().collect(Collectors.toMap(Problem::taskId, Function.identity()));
        List<Sample> loaded = SampleLoader.load(samples, byId);
        assertEquals(6, loaded.size());
        assertEquals(List.of(0, 1, 0, 1, 0, 1), loaded.stream().map(Sample::index).toList());

        assertEquals(0, run("code", "eval", "--problems", problems.toString(), "--samples", samples.toString(),
                "--k", "1,2", "--workers", "1", "--isolation", "process", "--no-progress"));
        assertTrue(Files.exists(Path.of(samples + "_results.jsonl")));
    }

    @Test void mixOnlyAppliesToTheGeneratedCorpus() throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), "hello world\n".repeat(100));
        assertNotEquals(0, run("train", "--preset", "code", "--data", text.toString(), "--mix", "code=1", "--max-iters", "1",
                "--quiet", "--out", dir.resolve("r").toString()));
        assertNotEquals(0, run("code", "tasks", "--split", "nope", "--out", dir.resolve("p.jsonl").toString()));
    }
}
