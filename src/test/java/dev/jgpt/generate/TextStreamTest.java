package dev.jgpt.generate;

import dev.jgpt.tokenizer.CharTokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TextStreamTest {
    static final CharTokenizer TOK = CharTokenizer.fromCorpus("abcdefghijklmnopqrstuvwxyz #\n", List.of());

    static String feed(TextStream ts, String s, StringBuilder shown) {
        for (int id : TOK.encode(s)) shown.append(ts.push(id));
        return shown.toString();
    }

    @Test
    void cutsAtTheFirstStopAndNeverShowsItsStart() {
        TextStream ts = new TextStream(TOK, new Stops(List.of("##", "\nuser"), null, false));
        StringBuilder shown = new StringBuilder();
        feed(ts, "hello wor", shown);
        assertEquals("hello", shown.toString(), "holds back 4 chars: the 5-char stop could start there");
        feed(ts, "ld\nus", shown);
        assertFalse(shown.toString().contains("\n"), shown.toString());
        feed(ts, "er more", shown);
        assertTrue(ts.stopped());
        shown.append(ts.finish());
        assertEquals("hello world", shown.toString());
        assertEquals("hello world", ts.text());
    }

    @Test
    void releasesHeldBackTextAtTheEnd() {
        TextStream ts = new TextStream(TOK, new Stops(List.of("zzz"), null, false));
        StringBuilder shown = new StringBuilder();
        feed(ts, "abz", shown);
        assertEquals("a", shown.toString());
        assertEquals("bz", ts.finish());
        assertFalse(ts.stopped());
    }

    @Test
    void trimsLeadingWhitespaceWhenAsked() {
        TextStream ts = new TextStream(TOK, new Stops(List.of(), null, true));
        StringBuilder shown = new StringBuilder();
        feed(ts, "  hi there", shown);
        shown.append(ts.finish());
        assertEquals("hi there", shown.toString());
    }
}
