package dev.jgpt.util;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The project's one configured Jackson mapper. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** One-line JSON, for {@code --json} output and JSONL. */
    public static String line(Object o) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Indented JSON with a final newline, for files people read. */
    public static String pretty(Object o) {
        try {
            return MAPPER.writeValueAsString(o) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object file as a map; a missing or malformed file is a one-line error naming it. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> read(java.nio.file.Path file) {
        try {
            return MAPPER.readValue(file.toFile(), java.util.LinkedHashMap.class);
        } catch (java.io.FileNotFoundException e) {
            throw new UserException("file not found: " + file);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UserException("invalid JSON in " + file + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
