package dev.jgpt.tokenizer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns token ids arriving one at a time (e.g. from sampling) into text as soon as it is
 * complete. A token may end inside a multi-byte UTF-8 character (a Chinese character or an
 * emoji split across byte-level tokens); those bytes are held back until the character
 * completes, so the output never shows a transient U+FFFD. Not thread-safe.
 */
public final class StreamingDecoder {
    private final Tokenizer tokenizer;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(64);  // in read mode: undecoded tail bytes

    public StreamingDecoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        pending.flip();
    }

    /** Adds one token; returns the text completed by it (possibly empty). */
    public String push(int id) {
        append(tokenizer.tokenBytes(id));
        return decode(false);
    }

    /** Returns what is still held back (an incomplete character becomes U+FFFD) and resets. */
    public String flush() {
        String s = decode(true);
        utf8.reset();
        pending.clear().flip();
        return s;
    }

    private void append(byte[] bytes) {
        if (pending.capacity() - pending.remaining() < bytes.length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.remaining() + bytes.length));
            bigger.put(pending).flip();
            pending = bigger;
        }
        pending.compact().put(bytes).flip();
    }

    private String decode(boolean end) {
        CharBuffer out = CharBuffer.allocate(pending.remaining() + 2);
        // With endOfInput=false the decoder stops before an incomplete sequence and leaves
        // it in the buffer; malformed bytes are replaced at once.
        utf8.decode(pending, out, end);
        if (end) utf8.flush(out);
        return out.flip().toString();
    }
}
