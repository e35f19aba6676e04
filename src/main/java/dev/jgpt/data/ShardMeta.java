package dev.jgpt.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jgpt.util.AtomicFiles;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code meta.json} of a prepared dataset folder: how the shards were made. Human-readable, so
 * a user can see which tokenizer a dataset needs; written last, so its presence means the
 * shards beside it are complete.
 */
public record ShardMeta(int format, String dtype, int vocabSize, String tokenizerKind, String tokenizerFingerprint,
                        long trainTokens, long valTokens, double valFraction) {
    public static final String FILE = "meta.json";
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(this) + "\n");
    }

    public static ShardMeta read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) throw new UserException("not a prepared dataset (no " + FILE + "): " + dir);
        ShardMeta m;
        try {
            m = JSON.readValue(f.toFile(), ShardMeta.class);
        } catch (IOException e) {
            throw new UserException("corrupt " + f + ": " + firstLine(e.getMessage()), e);
        }
        if (m.format != FORMAT) throw new UserException("unsupported dataset format " + m.format + " in " + f + " (expected " + FORMAT + ")");
        return m;
    }

    /** Jackson's messages carry a multi-line source location; a user error is one line. */
    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
