package dev.jgpt.cli;

import dev.jgpt.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.jgpt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code reason experiment} end to end at toy size (a one-layer model, a few steps): every
 * stage runs and saves its result, the table, JSON and chart are written, and a rerun
 * continues from the saved stages instead of repeating them.
 */
class ReasonExperimentCliTest {
    @TempDir Path dir;

    @Test
    void runsEveryStageAndARerunReusesThem() throws Exception {
        Path out = dir.resolve("exp");
        String config = CliTest.writeConfig(dir, "{\"n_layer\": 2, \"n_head\": 2, \"n_embd\": 64, \"block_size\": 512, \"tokenizer\": \"bpe-digits:300\","
                + " \"batch_size\": 8, \"eval_iters\": 1, \"eval_interval\": 100, \"checkpoint_interval\": 100, \"learning_rate\": 0.005,"
                + " \"warmup_iters\": 20}").toString();
        // 300 steps teach this model to end its paths with "#### N"; near-greedy LMSI sampling
        // then agrees with itself, so the round has a harvest (seeded runs repeat bit for bit).
        String[] args = {"reason", "experiment", "--out", out.toString(), "--config", config, "--max-iters", "300",
                "--default-chars", "100000", "--n", "4", "--paths", "4", "--k", "1,4", "--rounds", "1", "--lmsi-questions", "6",
                "--lmsi-paths", "4", "--lmsi-temperature", "0.05", "--lmsi-control", "--calculator", "--max-tokens", "96", "--json", "--quiet"};
        CliTest.Run r = run(args);
        assertEquals(0, r.code(), r.err());
        Map<?, ?> result = Json.MAPPER.readValue(r.lastLine(), Map.class);
        assertEquals(4, result.get("problems"));
        List<?> rows = (List<?>) result.get("rows");
        Map<?, ?> pretrained = (Map<?, ?>) rows.get(0);
        assertEquals("pretrained", pretrained.get("model"));
        assertEquals(List.of("direct", "cot", "zero-shot", "plain"), List.copyOf(((Map<?, ?>) pretrained.get("greedy")).keySet()));
        assertEquals(List.of("maj@1", "maj@4"), List.copyOf(((Map<?, ?>) ((Map<?, ?>) pretrained.get("self_consistency")).get("maj")).keySet()));
        assertEquals(List.of("pretrained", "LMSI round 1", "replay control 1"), rows.stream().map(o -> ((Map<?, ?>) o).get("model")).toList());
        Map<?, ?> lmsi = (Map<?, ?>) ((Map<?, ?>) rows.get(1)).get("lmsi");
        assertTrue(((Number) ((Map<?, ?>) lmsi.get("harvest")).get("paths_kept")).intValue() > 0, lmsi.toString());
        for (String round : new String[]{"lmsi-1", "control-1"})
            assertTrue(Files.exists(out.resolve(round + "/checkpoint/model.safetensors")), round);
        // The control fine-tunes on replayed text only, the round on its harvest plus replay.
        String harvested = Files.readString(out.resolve("lmsi-1/lmsi-data.txt")).split(Pattern.quote("<|endoftext|>"))[0];
        assertTrue(Files.readString(out.resolve("lmsi-1/fine-tune-data.txt")).contains(harvested));
        assertFalse(Files.readString(out.resolve("control-1/fine-tune-data.txt")).contains(harvested));
        for (String f : new String[]{"results.json", "results.md", "reasoning.png", "pretrain/checkpoint/model.safetensors"})
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        assertTrue(Files.readString(out.resolve("results.md")).contains("| pretrained |"));

        // The rerun trains nothing and re-evaluates nothing: same weights, same results.
        byte[] weights = Files.readAllBytes(out.resolve("pretrain/checkpoint/model.safetensors"));
        CliTest.Run again = run(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("pretrained: evaluated before"), again.err());
        assertEquals(result, Json.MAPPER.readValue(again.lastLine(), Map.class));
        assertArrayEquals(weights, Files.readAllBytes(out.resolve("pretrain/checkpoint/model.safetensors")));
    }

    @Test
    void theSelfConsistencyColumnCanVoteOverSeveralPrompts() throws Exception {
        Path out = dir.resolve("ensemble");
        String config = CliTest.writeConfig(dir, "{\"n_layer\": 1, \"n_head\": 2, \"n_embd\": 32, \"block_size\": 512, \"tokenizer\": \"bpe-digits:300\","
                + " \"batch_size\": 4, \"eval_iters\": 1, \"eval_interval\": 20, \"checkpoint_interval\": 20}").toString();
        CliTest.Run r = run("reason", "experiment", "--out", out.toString(), "--config", config, "--max-iters", "20", "--default-chars", "50000",
                "--n", "3", "--steps", "3", "--paths", "4", "--k", "1,4", "--format", "cot,plain", "--exemplar-sets", "2", "--rounds", "0",
                "--calculator", "--max-tokens", "48", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        Map<?, ?> result = Json.MAPPER.readValue(r.lastLine(), Map.class);
        assertEquals("3-3", result.get("steps"));
        assertEquals(List.of("cot", "plain"), result.get("formats"));
        assertEquals(2, result.get("exemplar_sets"));
        Map<?, ?> sc = (Map<?, ?>) ((Map<?, ?>) ((List<?>) result.get("rows")).get(0)).get("self_consistency");
        assertEquals(List.of("cot", "plain"), sc.get("formats"));
        assertEquals(2, sc.get("exemplar_sets"));
        assertEquals(List.of("maj@1", "maj@4"), List.copyOf(((Map<?, ?>) sc.get("maj")).keySet()));
        // Its saved rows were scored over two formats: a rerun that would score over one is refused, the rows kept.
        String row = Files.readString(out.resolve("results/pretrained.json"));
        CliTest.assertUserError(run("reason", "experiment", "--out", out.toString(), "--config", config, "--max-iters", "20",
                "--default-chars", "50000", "--n", "3", "--steps", "3", "--paths", "4", "--k", "1,4", "--rounds", "0",
                "--calculator", "--max-tokens", "48", "--quiet"), "other settings");
        assertEquals(row, Files.readString(out.resolve("results/pretrained.json")));
    }

    @Test
    void promptOptionsAreCheckedBeforePretraining() throws Exception {
        Path out = dir.resolve("refused");
        CliTest.assertUserError(run("reason", "experiment", "--out", out.toString(), "--paths", "2", "--format", "cot,plain,cot"), "--format");
        CliTest.assertUserError(run("reason", "experiment", "--out", out.toString(), "--format", "plain", "--exemplar-sets", "2"), "few-shot");
        CliTest.assertUserError(run("reason", "experiment", "--out", out.toString(), "--format", "cot,plain", "--exemplar-sets", "32"),
                "32 exemplar sets need at least as many few-shot paths, got 16");
        CliTest.assertUserError(run("reason", "experiment", "--out", out.toString(), "--lmsi-paths", "4", "--lmsi-exemplar-sets", "8"), "--lmsi-exemplar-sets must be between 1 and --lmsi-paths (4)");
        CliTest.assertUserError(run("reason", "experiment", "--out", out.toString(), "--steps", "9"), "--steps");
        assertFalse(Files.exists(out.resolve("pretrain")), "pretraining started before the options were checked");
    }

    @Test
    void aConfigThatIsNotJsonIsAOneLineError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"n_layer\": ");
        CliTest.assertUserError(run("reason", "experiment", "--out", dir.resolve("x").toString(), "--config", bad.toString()), "invalid config");
    }
}
