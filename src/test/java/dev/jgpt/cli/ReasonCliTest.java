package dev.jgpt.cli;

import dev.jgpt.data.synth.Corpus;
import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.reason.LmsiRound;
import dev.jgpt.reason.Rehearsal;
import dev.jgpt.train.PretrainingCorpus;
import dev.jgpt.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static dev.jgpt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The reason commands end to end on a tiny model trained to answer every question with
 * "It is 7. #### 7": right on labeled problems whose answer is 7, and a sure consensus for LMSI.
 */
class ReasonCliTest {
    @TempDir static Path dir;
    static Path model, labeled, wrongLabels;
    static final String[] WORDS = {"apples", "pears", "Mia", "Leo", "has", "buys", "many", "how", "plus", "more"};

    @BeforeAll
    static void trainAModelThatAlwaysSaysSeven() throws Exception {
        Random rng = new Random(1);
        StringBuilder corpus = new StringBuilder();
        for (int i = 0; i < 400; i++)  // plain and zero-shot documents, so the char vocabulary covers every format
            corpus.append("Question: ").append(question(rng)).append(i % 4 == 0 ? "\nAnswer: Let's think step by step.\n" : "\nAnswer: ")
                    .append("It is 7.\n#### 7<|endoftext|>");
        Path text = dir.resolve("corpus.txt");
        Files.writeString(text, corpus);
        StringBuilder a = new StringBuilder(), b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            String q = question(rng);
            a.append(Json.line(Map.of("question", q, "answer", "It is 7.\n#### 7"))).append('\n');
            b.append(Json.line(Map.of("question", q, "answer", "It is 999.\n#### 999"))).append('\n');
        }
        labeled = Files.writeString(dir.resolve("labeled.jsonl"), a);
        wrongLabels = Files.writeString(dir.resolve("wrong.jsonl"), b);
        model = dir.resolve("model");
        CliTest.Run r = run("train", "--data", text.toString(), "--out", model.toString(), "--max-iters", "150", "--quiet",
                "--config", CliTest.writeConfig(dir, "{\"n_layer\": 1, \"n_embd\": 48, \"n_head\": 2, \"block_size\": 64, \"tokenizer\": \"char\","
                        + " \"batch_size\": 8, \"eval_iters\": 2, \"eval_interval\": 150, \"learning_rate\": 0.005, \"warmup_iters\": 10}").toString());
        assertEquals(0, r.code(), r.err());
    }

    private static String question(Random rng) {
        StringBuilder q = new StringBuilder();
        for (int w = 0; w < 3; w++) q.append(w == 0 ? "" : " ").append(WORDS[rng.nextInt(WORDS.length)]);
        return q.append('?').toString();
    }

    @Test
    void evalScoresEachFormat() throws Exception {
        CliTest.Run r = run("reason", "eval", "--model", model.toString(), "--problems", labeled.toString(), "--shots", "0",
                "--format", "cot,plain", "--max-tokens", "20", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        Map<?, ?> o = Json.MAPPER.readValue(r.lastLine(), Map.class);
        assertEquals(6, o.get("problems"));
        assertEquals(1.0, ((Map<?, ?>) o.get("cot")).get("accuracy"));
        assertEquals(1.0, ((Map<?, ?>) o.get("plain")).get("accuracy"));
        CliTest.Run wrong = run("reason", "eval", "--model", model.toString(), "--problems", wrongLabels.toString(), "--shots", "0",
                "--format", "plain", "--max-tokens", "20", "--json", "--quiet");
        assertEquals(0.0, ((Map<?, ?>) Json.MAPPER.readValue(wrong.lastLine(), Map.class).get("plain")).get("accuracy"));
        // --offset skips problems: a second draw from the same file.
        CliTest.Run tail = run("reason", "eval", "--model", model.toString(), "--problems", labeled.toString(), "--shots", "0",
                "--format", "plain", "--offset", "4", "--n", "5", "--max-tokens", "20", "--json", "--quiet");
        assertEquals(2, Json.MAPPER.readValue(tail.lastLine(), Map.class).get("problems"));
    }

    @Test
    void voteIsReproducibleForASeed() throws Exception {
        String[] args = {"reason", "vote", "--model", model.toString(), "--problems", labeled.toString(), "--shots", "0", "--paths", "4",
                "--k", "1,4", "--temperature", "1.0,1.5", "--max-tokens", "20", "--seed", "5", "--json", "--quiet"};
        Map<?, ?> a = Json.MAPPER.readValue(run(args).lastLine(), Map.class), b = Json.MAPPER.readValue(run(args).lastLine(), Map.class);
        assertEquals(a.get("maj"), b.get("maj"));
        assertEquals(a.get("mean_vote_share"), b.get("mean_vote_share"));
        assertEquals(a.get("single_path_accuracy"), b.get("single_path_accuracy"));
        assertEquals(1.0, ((Map<?, ?>) a.get("maj")).get("maj@4"));
        // Paths may take turns over prompt formats.
        Map<?, ?> mixed = Json.MAPPER.readValue(run("reason", "vote", "--model", model.toString(), "--problems", labeled.toString(), "--shots", "0",
                "--paths", "4", "--format", "plain,zero-shot", "--max-tokens", "20", "--json", "--quiet").lastLine(), Map.class);
        assertEquals(java.util.List.of("plain", "zero-shot"), mixed.get("formats"));
        assertEquals(1.0, ((Map<?, ?>) mixed.get("maj")).get("maj@4"));
    }

    @Test
    void improveNeverReadsTheAnswerField() throws Exception {
        Path out = dir.resolve("lmsi");
        String[] args = {"reason", "improve", "--model", model.toString(), "--questions", wrongLabels.toString(), "--shots", "0",
                "--paths", "4", "--max-tokens", "20", "--iters", "3", "--out", out.toString(), "--json", "--quiet"};
        CliTest.Run r = run(args);
        assertEquals(0, r.code(), r.err());
        String data = Files.readString(out.resolve("lmsi-data.txt"));
        assertTrue(data.contains("#### 7"), data);
        assertFalse(data.contains("999"), "a label from the file reached the training data");
        Map<?, ?> o = Json.MAPPER.readValue(r.lastLine(), Map.class);
        assertEquals(6, ((Map<?, ?>) o.get("harvest")).get("confident_questions"));
        assertEquals(3, ((Map<?, ?>) o.get("fine_tune")).get("steps"));
        assertTrue(Files.exists(out.resolve("checkpoint/model.safetensors")));
        // A rerun finds both halves done and changes nothing.
        byte[] before = Files.readAllBytes(out.resolve("checkpoint/model.safetensors"));
        CliTest.Run again = run(args);
        assertEquals(0, again.code(), again.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("checkpoint/model.safetensors")));
        // The improved model is a model directory like any other.
        assertEquals(0, run("reason", "eval", "--model", out.toString(), "--problems", labeled.toString(), "--shots", "0",
                "--format", "plain", "--max-tokens", "20", "--quiet").code());
    }

    @Test
    void rehearsalMixesReplayedTextAndTheControlReplaysOnly() throws Exception {
        // A harvest of the model above; fine-tuned below by a model whose character vocabulary
        // also holds every character of the replayed pretraining documents.
        Path harvested = dir.resolve("lmsi-harvest");
        assertEquals(0, run("reason", "improve", "--model", model.toString(), "--questions", wrongLabels.toString(), "--shots", "0",
                "--paths", "4", "--max-tokens", "20", "--iters", "1", "--out", harvested.toString(), "--quiet").code());
        String coverage = Corpus.generate(1337, 50_000, CorpusMix.of("reasoning", 1), "").codePoints().distinct()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        Path text = Files.writeString(dir.resolve("corpus2.txt"), Files.readString(harvested.resolve("lmsi-data.txt")) + coverage);
        Path wide = dir.resolve("wide-vocab");
        assertEquals(0, run("train", "--data", text.toString(), "--out", wide.toString(), "--max-iters", "2", "--quiet",
                "--config", CliTest.writeConfig(dir, "{\"n_layer\": 1, \"n_embd\": 16, \"n_head\": 2, \"block_size\": 64, "
                        + "\"tokenizer\": \"char\", \"batch_size\": 4, \"eval_iters\": 1, \"eval_interval\": 2}").toString()).code());
        for (String mode : new String[]{"--rehearsal=0.5", "--control"}) {
            Path out = dir.resolve("lmsi" + mode.replaceAll("\\W", ""));
            LmsiRound.copyHarvest(harvested, out);
            CliTest.Run r = run("reason", "improve", "--model", wide.toString(), "--questions", wrongLabels.toString(), "--shots", "0",
                    "--iters", "2", "--out", out.toString(), mode, "--quiet");
            assertEquals(0, r.code(), r.err());
            String data = Files.readString(out.resolve("fine-tune-data.txt"));
            assertTrue(data.contains("Answer:") && data.contains("<<"), "no replayed pretraining document");
            assertEquals(mode.equals("--control"), !data.contains("It is 7."), mode + ": harvested documents present or missing");
            assertTrue(Files.exists(out.resolve("checkpoint/model.safetensors")));
        }
    }

    @Test
    void improveReplaysThePretrainingMixRecordedWithTheModel() throws Exception {
        String threeStyles = "reasoning-three-styles=1";
        Path styles = dir.resolve("styles");
        assertEquals(0, run("train", "--mix", threeStyles, "--default-chars", "40000", "--out", styles.toString(), "--max-iters", "1", "--quiet",
                "--config", CliTest.writeConfig(dir, "{\"n_layer\": 1, \"n_embd\": 16, \"n_head\": 2, \"block_size\": 64, "
                        + "\"tokenizer\": \"char\", \"batch_size\": 4, \"eval_iters\": 1, \"eval_interval\": 1}").toString()).code());
        assertEquals(CorpusMix.parse(threeStyles), ReasonImproveCommand.replayMix(null, PretrainingCorpus.recordedIn(styles)));
        assertEquals(CorpusMix.parse("reasoning=1"), ReasonImproveCommand.replayMix("reasoning=1", PretrainingCorpus.recordedIn(styles)), "a given mix wins");
        assertEquals(CorpusMix.parse("reasoning=1"), ReasonImproveCommand.replayMix(null, PretrainingCorpus.recordedIn(model)), "trained on a file: the usual replay");

        // A control round of the style model replays its own corpus, and says so.
        Path harvested = dir.resolve("styles-harvest");
        assertEquals(0, run("reason", "improve", "--model", model.toString(), "--questions", wrongLabels.toString(), "--shots", "0",
                "--paths", "4", "--max-tokens", "20", "--iters", "1", "--out", harvested.toString(), "--quiet").code());
        Path out = dir.resolve("styles-control");
        LmsiRound.copyHarvest(harvested, out);
        CliTest.Run r = run("reason", "improve", "--model", styles.toString(), "--questions", wrongLabels.toString(), "--shots", "0",
                "--iters", "1", "--out", out.toString(), "--control", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("replay: " + threeStyles + " (the pretraining mix recorded with the model)"), r.out());
        assertEquals(Rehearsal.control(Files.readString(out.resolve(LmsiRound.DATA_FILE)), 0, new Rehearsal.Replay(1337, CorpusMix.parse(threeStyles))),
                Files.readString(out.resolve(LmsiRound.FINE_TUNE_FILE)));
    }

    @Test
    void badInputsGiveOneLineErrors() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"question\": \"ok?\", \"answer\": \"#### 1\"}\n{not json\n");
        CliTest.assertUserError(run("reason", "eval", "--model", model.toString(), "--problems", broken.toString()), "line 2");
        Path noHashes = Files.writeString(dir.resolve("nohash.jsonl"), "{\"question\": \"ok?\", \"answer\": \"it is 1\"}\n");
        CliTest.assertUserError(run("reason", "eval", "--model", model.toString(), "--problems", noHashes.toString()), "####");
        Path unlabeled = Files.writeString(dir.resolve("unlabeled.jsonl"), "{\"question\": \"ok?\"}\n");
        CliTest.assertUserError(run("reason", "vote", "--model", model.toString(), "--problems", unlabeled.toString()), "no answer");
        CliTest.assertUserError(run("reason", "eval", "--model", model.toString(), "--problems", labeled.toString(), "--format", "fancy"), "fancy");
        CliTest.assertUserError(run("reason", "vote", "--model", model.toString(), "--problems", labeled.toString(), "--temperature", "0"), "temperature");
        CliTest.assertUserError(run("reason", "vote", "--model", model.toString(), "--problems", labeled.toString(),
                "--exemplar-sets", "2", "--shots", "0"), "few-shot");
        CliTest.assertUserError(run("reason", "vote", "--model", model.toString(), "--problems", labeled.toString(),
                "--exemplar-sets", "9", "--paths", "4"), "--exemplar-sets");
        CliTest.assertUserError(run("reason", "vote", "--model", model.toString(), "--problems", labeled.toString(),
                "--format", "cot,plain", "--exemplar-sets", "4", "--paths", "4"), "few-shot paths");
        CliTest.assertUserError(run("reason", "improve", "--model", model.toString(), "--out", dir.resolve("r2").toString(),
                "--exemplar-sets", "2", "--shots", "0"), "--shots");
        CliTest.assertUserError(run("reason", "eval", "--model", model.toString(), "--problems", labeled.toString(), "--offset", "6"), "--offset");
        CliTest.assertUserError(run("reason", "eval", "--model", dir.resolve("nope").toString()), "nope");
        CliTest.assertUserError(run("reason", "improve", "--model", model.toString(), "--out", dir.resolve("r1").toString(),
                "--rehearsal", "1"), "rehearsal");
    }
}
