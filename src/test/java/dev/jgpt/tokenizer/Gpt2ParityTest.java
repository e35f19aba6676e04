package dev.jgpt.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgpt.testutil.SharedData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import static org.junit.jupiter.api.Assertions.*;

/**
 * GPT-2 id parity against src/test/resources/tokenizer/gpt2-parity.json, whose ids were made
 * by an independent implementation (npm gpt-3-encoder 1.1.4, OpenAI's algorithm in JS; it
 * treats {@code <|endoftext|>} as plain text, which is what "ordinary_ids" holds, while "ids"
 * splits around it and puts 50256 in its place). Needs GPT-2's files from shared data.
 */
class Gpt2ParityTest {
    private static Path encoderJson, vocabBpe;
    private static BpeTokenizer gpt2;
    private static JsonNode cases;

    @BeforeEach
    void load() throws Exception {
        // Checked per test (not in @BeforeAll) so that a skip is reported for each test.
        encoderJson = SharedData.require("gpt2-tokenizer/encoder.json");
        vocabBpe = SharedData.require("gpt2-tokenizer/vocab.bpe");
        if (gpt2 != null) return;
        gpt2 = Tokenizers.gpt2(encoderJson, vocabBpe);
        try (InputStream in = Gpt2ParityTest.class.getResourceAsStream("/tokenizer/gpt2-parity.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        assertTrue(cases.size() >= 30);
    }

    private static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = arr.get(i).intValue();
        return out;
    }

    private static void assertParity(Tokenizer t) {
        for (JsonNode c : cases) {
            String text = c.get("text").textValue();
            assertArrayEquals(ints(c.get("ids")), t.encode(text), () -> "encode " + text);
            assertArrayEquals(ints(c.get("ordinary_ids")), t.encodeOrdinary(text), () -> "encodeOrdinary " + text);
            assertEquals(text, t.decode(t.encode(text)));
        }
    }

    @Test
    void matchesReferenceIds() {
        assertParity(gpt2);
        assertArrayEquals(new int[] {15496, 995}, gpt2.encode("Hello world"));
    }

    @Test
    void hasGpt2sVocabularyShape() {
        assertEquals(50257, gpt2.vocabSize());
        assertEquals(50000, gpt2.mergeCount());
        assertEquals(50256, gpt2.eotId());
        assertEquals(Map.of("<|endoftext|>", 50256), gpt2.specialTokens());
        assertEquals("gpt2", gpt2.kind());
        assertArrayEquals("<|endoftext|>".getBytes(StandardCharsets.UTF_8), gpt2.tokenBytes(50256));
        assertArrayEquals(" the".getBytes(StandardCharsets.UTF_8), gpt2.tokenBytes(262));
    }

    @Test
    void loadsHuggingFaceAndOpenAiFileNamesFromADirectory(@TempDir Path tmp) throws Exception {
        Path hf = Files.createDirectories(tmp.resolve("hf"));
        Files.copy(encoderJson, hf.resolve("vocab.json"));
        Files.copy(vocabBpe, hf.resolve("merges.txt"));
        assertParity(Tokenizers.load(hf));
        Path openai = Files.createDirectories(tmp.resolve("openai"));
        Files.copy(encoderJson, openai.resolve("encoder.json"));
        Files.copy(vocabBpe, openai.resolve("vocab.bpe"));
        Tokenizer t = Tokenizers.load(openai);
        assertEquals("gpt2", t.kind());
        assertParity(t);
    }

    @Test
    void saveThenLoadKeepsIdsAndWritesHuggingFaceFiles(@TempDir Path dir) throws Exception {
        gpt2.save(dir);
        Tokenizer loaded = Tokenizers.load(dir);
        assertEquals("gpt2", loaded.kind());
        assertParity(loaded);
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(encoderJson.toFile()), json.readTree(dir.resolve("vocab.json").toFile()),
                "vocab.json is GPT-2's encoder.json");
        assertEquals(Files.readAllLines(vocabBpe).subList(1, 50001), Files.readAllLines(dir.resolve("merges.txt")).subList(1, 50001));
        assertEquals(50001, Files.readAllLines(dir.resolve("merges.txt")).size());
    }

    @Test
    void encodesAMegabyteQuickly() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 1_000_000; i++)
            for (JsonNode c : cases) sb.append(c.get("text").textValue()).append(' ').append(i).append('\n');
        String text = sb.toString();
        BpeTokenizer fresh = Tokenizers.gpt2(encoderJson, vocabBpe);  // cold word cache
        long t0 = System.nanoTime();
        int[] ids = fresh.encode(text);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("GPT-2 encode: %d chars -> %d tokens in %.3f s%n", text.length(), ids.length, s);
        assertEquals(text, fresh.decode(ids));
        assertTrue(s < 10, "encoding 1 MB took " + s + " s");
    }
}
