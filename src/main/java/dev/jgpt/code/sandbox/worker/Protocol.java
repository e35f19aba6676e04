package dev.jgpt.code.sandbox.worker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Framing of the parent-worker conversation over the worker's stdin/stdout. Every frame
 * starts with {@link #MAGIC} so that stray bytes (a program writing to the raw stdout
 * descriptor) are detected instead of being misread as a verdict.
 *
 * <pre>
 * worker → parent  HELLO    magic, HELLO, bool securityManager, str info
 * parent → worker  RUN      magic, RUN, long id, int timeoutMs, long outputLimit, int outputStore,
 *                           str mainClass, str source
 * worker → parent  COMPILED magic, COMPILED, long id, long compileMs      (only if it compiled)
 * worker → parent  RESULT   magic, RESULT, long id, str outcome, str message, long compileMs,
 *                           long runMs, str output, bool recycle
 * </pre>
 * This class is shared by both sides and, like the whole worker package, uses only the JDK.
 */
public final class Protocol {
    private Protocol() {}

    public static final int MAGIC = 0x4A475054; // "JGPT"
    public static final int HELLO = 1;
    public static final int RUN = 2;
    public static final int COMPILED = 3;
    public static final int RESULT = 4;

    /** Outcome names as they appear in results files. */
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String COMPILE_ERROR = "compile_error";
    public static final String TIMEOUT = "timeout";
    public static final String RUNTIME_ERROR = "runtime_error";

    public static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads a length-prefixed UTF-8 string, refusing lengths above {@code max} (corrupt stream). */
    public static String readString(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) throw new IOException("protocol: bad string length " + n);
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new java.io.EOFException("protocol: truncated string");
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Reads the frame header and returns the frame type. */
    public static int readHeader(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) throw new IOException(String.format("protocol: bad frame magic 0x%08x", magic));
        return in.readInt();
    }

    public static void writeHeader(DataOutputStream out, int type) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(type);
    }
}
