package dev.jgpt.tokenizer;

import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Save/load of trained BPE, format detection, and clear errors for missing or corrupt files. */
class TokenizersTest {
    private static final BpeTokenizer BPE = BpeTokenizerTest.TRAINED;

    private static String userError(Executable e, String... expectedParts) {
        String msg = assertThrows(UserException.class, e).getMessage();
        for (String part : expectedParts) assertTrue(msg.contains(part), "'" + msg + "' should mention " + part);
        assertFalse(msg.contains("\n"), "one line: " + msg);
        return msg;
    }

    private static void assertSameEncodings(Tokenizer a, Tokenizer b) {
        for (String s : Samples.all()) {
            String text = s + "<|endoftext|>" + s;
            assertArrayEquals(a.encode(text), b.encode(text), s);
            assertArrayEquals(a.encodeOrdinary(text), b.encodeOrdinary(text), s);
        }
    }

    @Test
    void trainedBpeSavesAndLoadsWithIdenticalEncodings(@TempDir Path dir) throws Exception {
        BPE.save(dir);
        for (String f : List.of("tokenizer.json", "vocab.json", "merges.txt")) assertTrue(Files.exists(dir.resolve(f)), f);
        Tokenizer loaded = Tokenizers.load(dir);
        assertEquals("bpe", loaded.kind());
        assertEquals(BPE.vocabSize(), loaded.vocabSize());
        assertEquals(BPE.specialTokens(), loaded.specialTokens());
        assertEquals(BPE.merges(), ((BpeTokenizer) loaded).merges());
        assertSameEncodings(BPE, loaded);
    }

    @Test
    void huggingFaceFilesAloneLoadTheSameTokenizer(@TempDir Path dir) throws Exception {
        BPE.save(dir);
        Files.delete(dir.resolve("tokenizer.json"));
        Tokenizer hf = Tokenizers.load(dir);
        assertEquals(BPE.specialTokens(), hf.specialTokens(), "<|endoftext|> is not a merge result, so it is special");
        assertSameEncodings(BPE, hf);
        // A Hugging Face tokenizer.json (no "kind") beside them defers to vocab.json + merges.txt.
        Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\"}}");
        assertSameEncodings(BPE, Tokenizers.load(dir));
    }

    @Test
    void missingDirectoryOrFilesAreUserErrors(@TempDir Path dir) {
        userError(() -> Tokenizers.load(dir.resolve("nope")), "tokenizer directory not found", "nope");
        userError(() -> Tokenizers.load(dir), "no tokenizer in", "tokenizer.json", "vocab.json + merges.txt",
                "encoder.json + vocab.bpe");
        userError(() -> Tokenizers.gpt2(dir.resolve("encoder.json"), dir.resolve("vocab.bpe")),
                "tokenizer file not found", "encoder.json");
    }

    @Test
    void corruptTokenizerJsonIsAUserErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("tokenizer.json");
        Files.writeString(json, "{\"kind\": \"bpe\", \"vocab\": {");
        userError(() -> Tokenizers.load(dir), "corrupt tokenizer file", json.toString(), "invalid JSON", "line 1");
        Files.writeString(json, "{\"kind\": \"wordpiece\"}");
        userError(() -> Tokenizers.load(dir), json.toString(), "unknown kind 'wordpiece'");
        Files.writeString(json, "[1, 2]");
        userError(() -> Tokenizers.load(dir), json.toString(), "not a jgpt tokenizer");
        Files.writeString(json, "{\"kind\": \"bpe\", \"vocab\": {}}");
        userError(() -> Tokenizers.load(dir), json.toString(), "merges");
        Files.writeString(json, "{\"kind\": \"char\", \"chars\": [\"b\", \"a\"]}");
        userError(() -> Tokenizers.load(dir), json.toString(), "sorted");
        Files.writeString(json, "{\"kind\": \"char\", \"chars\": [\"a\", \"b\"], \"vocab_size\": 3}");
        userError(() -> Tokenizers.load(dir), json.toString(), "vocab_size is 3");
        Files.write(json, new byte[] {'{', (byte) 0xFF, '}'});
        userError(() -> Tokenizers.load(dir), json.toString(), "not UTF-8");
    }

    @Test
    void corruptVocabOrMergesAreUserErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        BPE.save(dir);
        Files.delete(dir.resolve("tokenizer.json"));
        Path merges = dir.resolve("merges.txt");
        String good = Files.readString(merges);
        Files.writeString(merges, good + "zz qq\n");
        userError(() -> Tokenizers.load(dir), merges.toString(), "'zz qq'", "missing from the vocabulary");
        Files.writeString(merges, good + "three parts here\n");
        userError(() -> Tokenizers.load(dir), merges.toString(), "not two tokens");
        Files.writeString(merges, good);
        Path vocab = dir.resolve("vocab.json");
        Files.writeString(vocab, "{\"a\": \"x\"}");
        userError(() -> Tokenizers.load(dir), vocab.toString(), "not an integer");
        Files.writeString(vocab, "{\"a\": 0, \"b\": 0}");
        userError(() -> Tokenizers.load(dir), vocab.toString(), "each used once");
    }
}
