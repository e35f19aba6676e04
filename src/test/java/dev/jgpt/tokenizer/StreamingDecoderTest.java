package dev.jgpt.tokenizer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class StreamingDecoderTest {
    /** Trained on ASCII only, so every non-ASCII character is split into byte tokens. */
    private static final BpeTokenizer ASCII = BpeTokenizer.train("hello world, the quick brown fox".repeat(20), 300, List.of("<|endoftext|>"));

    private static List<String> stream(Tokenizer t, int[] ids) {
        StreamingDecoder d = new StreamingDecoder(t);
        List<String> pieces = new ArrayList<>();
        for (int id : ids) pieces.add(d.push(id));
        pieces.add(d.flush());
        return pieces;
    }

    @Test
    void holdsBackAChineseCharacterUntilItsLastByteArrives() {
        int[] ids = ASCII.encode("床前");
        assertEquals(6, ids.length, "two 3-byte characters as six byte tokens");
        assertEquals(List.of("", "", "床", "", "", "前", ""), stream(ASCII, ids));
    }

    @Test
    void streamsEmojiAndMixedTextExactly() {
        for (String s : Samples.all()) {
            List<String> pieces = stream(ASCII, ASCII.encode(s + "<|endoftext|>"));
            assertEquals(s + "<|endoftext|>", String.join("", pieces));
            for (String p : pieces) assertFalse(p.contains("\uFFFD"), p);
        }
        // A 4-byte emoji: surrogate pair emitted whole with its last byte.
        assertEquals(List.of("", "", "", "😀", ""), stream(ASCII, ASCII.encode("😀")));
    }

    @Test
    void flushReplacesAnIncompleteCharacterAndResets() {
        byte[] chuang = "床".getBytes(StandardCharsets.UTF_8);
        StreamingDecoder d = new StreamingDecoder(ASCII);
        assertEquals("", d.push(chuang[0] & 0xFF));
        assertEquals("", d.push(chuang[1] & 0xFF));
        assertEquals("\uFFFD", d.flush());
        assertEquals("a", d.push('a'), "nothing left over after flush");
        assertEquals("", d.flush());
    }

    @Test
    void invalidBytesAreReplacedAtOnceNotHeldForever() {
        StreamingDecoder d = new StreamingDecoder(ASCII);
        assertEquals("\uFFFD", d.push(0x80), "a lone continuation byte can never complete");
        assertEquals("x", d.push('x'));
        assertEquals("", d.push(0xE5));
        assertEquals("\uFFFDy", d.push('y'), "an interrupted sequence is replaced once the next byte shows it");
    }

    @Test
    void worksWithLongTokensAndCharTokenizers() {
        String s = "x".repeat(1000) + "床";
        assertEquals(s, String.join("", stream(ASCII, ASCII.encode(s))));
        CharTokenizer c = CharTokenizer.fromCorpus(Samples.all(), List.of());
        assertEquals(Samples.EMOJI, String.join("", stream(c, c.encode(Samples.EMOJI))));
    }
}
