package dev.jgpt.data;

import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a training corpus: one text file, or every {@code *.txt} file directly in a folder,
 * sorted by file name and joined with a separator. Decoding is strict UTF-8: silently replacing
 * bad bytes would teach the model U+FFFD, so malformed input is an error naming the file.
 */
public final class TextLoader {
    private TextLoader() {}

    /** A file, or a folder of {@code *.txt} files. */
    public static String load(Path path, String separator) {
        if (Files.isDirectory(path)) return loadFolder(path, separator);
        return loadFile(path);
    }

    public static String loadFile(Path file) {
        String text = readUtf8(file);
        if (text.isBlank()) throw new UserException("corpus is empty: " + file);
        return text;
    }

    /** All {@code *.txt} files in {@code dir} (not subfolders), by name; empty files are skipped. */
    public static String loadFolder(Path dir, String separator) {
        List<String> parts = new ArrayList<>();
        for (Path f : textFiles(dir)) {
            String t = readUtf8(f);
            if (!t.isEmpty()) parts.add(t);
        }
        String text = String.join(separator, parts);
        if (text.isBlank()) throw new UserException("corpus is empty: " + dir + (parts.isEmpty() ? " (no non-empty .txt files)" : ""));
        return text;
    }

    /** The {@code *.txt} files of a folder, sorted by file name (code-point order, locale-free). */
    public static List<Path> textFiles(Path dir) {
        if (!Files.isDirectory(dir)) throw new UserException("no such folder: " + dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".txt") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UserException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Strict UTF-8 decode; a leading byte-order mark is dropped. */
    public static String readUtf8(Path file) {
        if (!Files.isRegularFile(file)) throw new UserException("no such file: " + file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String text = decodeStrict(bytes, file);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    static String decodeStrict(byte[] bytes, Path file) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);  // UTF-8 never decodes to more chars than bytes
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) r = dec.flush(out);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) if (bytes[i] == '\n') line++;
            throw new UserException("invalid UTF-8 in " + file + " at byte " + at + " (line " + line + ")");
        }
        return out.flip().toString();
    }
}
