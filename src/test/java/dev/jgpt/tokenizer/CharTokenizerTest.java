package dev.jgpt.tokenizer;

import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CharTokenizerTest {
    private static final CharTokenizer ALL = CharTokenizer.fromCorpus(Samples.all(), List.of("<|endoftext|>"));

    @Test
    void roundTripsEveryScriptWithOneTokenPerCodePoint() {
        for (String s : Samples.all()) {
            int[] ids = ALL.encode(s);
            assertEquals(s.codePointCount(0, s.length()), ids.length, s);
            assertEquals(s, ALL.decode(ids));
        }
        assertEquals(5, ALL.encode("床前明月光").length);
        assertEquals(7, ALL.encode("👨‍👩‍👧‍👦").length, "4 people + 3 zero-width joiners");
    }

    @Test
    void vocabularyIsSortedUniqueCodePointsThenSpecials() {
        CharTokenizer t = CharTokenizer.fromCorpus("cabbage😀a", List.of("<pad>", "<|endoftext|>"));
        assertArrayEquals(new int[] {'a', 'b', 'c', 'e', 'g', 0x1F600}, t.codePoints());
        assertArrayEquals(new int[] {2, 0, 1, 5}, t.encode("cab😀"));
        assertEquals(8, t.vocabSize());
        assertEquals(Map.of("<pad>", 6, "<|endoftext|>", 7), t.specialTokens());
        assertEquals(7, t.eotId());
        assertEquals("char", t.kind());
    }

    @Test
    void specialTokensAreMatchedOnlyByEncodeAndNotLearnedFromTheCorpus() {
        CharTokenizer t = CharTokenizer.fromCorpus("ab<|endoftext|>ba", List.of("<|endoftext|>"));
        assertArrayEquals(new int[] {'a', 'b'}, t.codePoints(), "special-token text is not part of the corpus");
        int[] ids = t.encode("a<|endoftext|>b<|endoftext|>");
        assertArrayEquals(new int[] {0, 2, 1, 2}, ids);
        assertEquals("a<|endoftext|>b<|endoftext|>", t.decode(ids));
        assertThrows(UserException.class, () -> t.encodeOrdinary("a<|endoftext|>"), "'<' is ordinary text here");
        assertEquals(-1, CharTokenizer.fromCorpus("ab", List.of()).eotId());
    }

    @Test
    void unknownCharacterIsAUserErrorNamingCharacterAndPosition() {
        CharTokenizer t = CharTokenizer.fromCorpus("hello world", List.of());
        UserException e = assertThrows(UserException.class, () -> t.encode("hello wörld"));
        assertTrue(e.getMessage().contains("'ö' (U+00F6) at position 7"), e.getMessage());
        // Position counts code points: the emoji before is one character.
        e = assertThrows(UserException.class, () -> t.encode("h😀x"));
        assertTrue(e.getMessage().contains("'😀' (U+1F600) at position 1"), e.getMessage());
        // Invisible characters are named by code point only, keeping the message on one line.
        e = assertThrows(UserException.class, () -> t.encode("hello\nworld"));
        assertTrue(e.getMessage().contains("character U+000A at position 5"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void tokenBytesAreUtf8AndBadIdsAreRejected() {
        int id = ALL.encode("床")[0];
        assertArrayEquals("床".getBytes(StandardCharsets.UTF_8), ALL.tokenBytes(id));
        assertArrayEquals("<|endoftext|>".getBytes(StandardCharsets.UTF_8), ALL.tokenBytes(ALL.eotId()));
        assertThrows(UserException.class, () -> ALL.decode(new int[] {ALL.vocabSize()}));
        assertThrows(UserException.class, () -> ALL.decode(new int[] {-1}));
    }

    @Test
    void saveThenLoadGivesIdenticalEncodings(@TempDir Path dir) throws Exception {
        ALL.save(dir);
        assertTrue(Files.readString(dir.resolve("tokenizer.json")).contains("\"kind\" : \"char\""));
        Tokenizer loaded = Tokenizers.load(dir);
        assertInstanceOf(CharTokenizer.class, loaded);
        assertEquals(ALL.vocabSize(), loaded.vocabSize());
        assertEquals(ALL.specialTokens(), loaded.specialTokens());
        for (String s : Samples.all()) {
            String text = s + "<|endoftext|>";
            assertArrayEquals(ALL.encode(text), loaded.encode(text));
            assertEquals(text, loaded.decode(loaded.encode(text)));
        }
    }
}
