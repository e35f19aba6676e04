package dev.jgpt.util;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads JSON Lines (plain or gzip, told apart by the magic bytes), one object per line, and
 * reports every problem as a {@link UserException} naming the file and the line.
 */
public final class Jsonl {
    private Jsonl() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public interface LineHandler { void accept(JsonNode obj, int line); }

    public static void read(Path file, LineHandler handler) {
        try (BufferedReader r = open(file)) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw error(file, lineNo, "invalid JSON (" + e.getOriginalMessage() + ")");
                }
                if (node == null || !node.isObject()) throw error(file, lineNo, "expected a JSON object");
                handler.accept(node, lineNo);
            }
        } catch (NoSuchFileException e) {
            throw new UserException("file not found: " + file);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes one JSON object per field-writing call of {@code fields}, one per line, atomically. */
    public interface Fields<T> { void write(JsonGenerator g, T row) throws IOException; }

    public static <T> void write(Path file, List<T> rows, Fields<T> fields) throws IOException {
        dev.jgpt.util.AtomicFiles.write(file, out -> {
            JsonGenerator g = JSON.getFactory().createGenerator(out);
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setRootValueSeparator(null); // lines start with '{', not with Jackson's default space
            for (T row : rows) {
                g.writeStartObject();
                fields.write(g, row);
                g.writeEndObject();
                g.writeRaw('\n');
            }
            g.flush();
        });
    }

    public static UserException error(Path file, int line, String what) {
        return new UserException(file + " line " + line + ": " + what);
    }

    /** A required string field. */
    public static String string(JsonNode obj, String field, Path file, int line) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) throw error(file, line, "missing field '" + field + "'");
        if (!v.isTextual()) throw error(file, line, "field '" + field + "' must be a string");
        return v.asText();
    }

    /** An optional string field: null when absent or null. */
    public static String optionalString(JsonNode obj, String field, Path file, int line) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw error(file, line, "field '" + field + "' must be a string");
        return v.asText();
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) in = new GZIPInputStream(in, 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
