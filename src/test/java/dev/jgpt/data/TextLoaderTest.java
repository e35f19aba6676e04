package dev.jgpt.data;

import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class TextLoaderTest {
    @TempDir Path tmp;

    @Test
    void readsAFileAsUtf8() throws IOException {
        Path f = tmp.resolve("a.txt");
        Files.writeString(f, "\uFEFFhéllo 世界\n");
        assertEquals("héllo 世界\n", TextLoader.loadFile(f), "byte-order mark dropped, text kept");
        assertEquals("héllo 世界\n", TextLoader.load(f, "\n"));
    }

    @Test
    void folderJoinsTxtFilesSortedByName() throws IOException {
        Files.writeString(tmp.resolve("b.txt"), "second");
        Files.writeString(tmp.resolve("a.txt"), "first");
        Files.writeString(tmp.resolve("C.txt"), "upper");  // 'C' sorts before 'a' in code-point order
        Files.writeString(tmp.resolve("empty.txt"), "");
        Files.writeString(tmp.resolve("notes.md"), "ignored");
        Files.createDirectory(tmp.resolve("sub.txt"));
        assertEquals("upper|first|second", TextLoader.loadFolder(tmp, "|"));
        assertEquals("upper<|endoftext|>first<|endoftext|>second", TextLoader.load(tmp, "<|endoftext|>"));
    }

    @Test
    void emptyCorpusIsAUserError() throws IOException {
        Path f = tmp.resolve("e.txt");
        Files.writeString(f, "");
        assertEquals("corpus is empty: " + f, assertThrows(UserException.class, () -> TextLoader.loadFile(f)).getMessage());
        Path dir = Files.createDirectory(tmp.resolve("d"));
        assertTrue(assertThrows(UserException.class, () -> TextLoader.loadFolder(dir, "\n")).getMessage().startsWith("corpus is empty: " + dir));
        Files.writeString(dir.resolve("x.txt"), "  \n");
        assertTrue(assertThrows(UserException.class, () -> TextLoader.load(dir, "\n")).getMessage().startsWith("corpus is empty: " + dir));
    }

    @Test
    void malformedUtf8NamesTheFileAndPlace() throws IOException {
        Path f = tmp.resolve("bad.txt");
        byte[] good = "line one\nline two ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(good, good.length + 2);
        bytes[good.length] = (byte) 0xC3;  // a lead byte followed by a non-continuation byte
        bytes[good.length + 1] = 'x';
        Files.write(f, bytes);
        UserException e = assertThrows(UserException.class, () -> TextLoader.loadFile(f));
        assertEquals("invalid UTF-8 in " + f + " at byte " + good.length + " (line 2)", e.getMessage());
        Files.writeString(tmp.resolve("a.txt"), "fine");
        e = assertThrows(UserException.class, () -> TextLoader.loadFolder(tmp, "\n"));
        assertTrue(e.getMessage().contains("bad.txt"), e.getMessage());
    }

    @Test
    void truncatedMultibyteSequenceAtTheEndIsMalformed() throws IOException {
        Path f = tmp.resolve("cut.txt");
        byte[] b = "ab世".getBytes(StandardCharsets.UTF_8);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 1));
        assertTrue(assertThrows(UserException.class, () -> TextLoader.loadFile(f)).getMessage().contains("cut.txt at byte 2"));
    }

    @Test
    void missingPathIsAUserError() {
        Path f = tmp.resolve("nope.txt");
        assertEquals("no such file: " + f, assertThrows(UserException.class, () -> TextLoader.load(f, "\n")).getMessage());
    }
}
