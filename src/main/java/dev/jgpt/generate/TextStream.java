package dev.jgpt.generate;

import dev.jgpt.tokenizer.StreamingDecoder;
import dev.jgpt.tokenizer.Tokenizer;

import java.util.List;

/**
 * The text of one sequence as its tokens arrive: decodes UTF-8 safely, cuts at the first
 * stop string (which is not part of the text), and hands out only text that can no longer
 * turn into a stop string, so a streamed reply never shows a stop string's first characters.
 * End tokens are the caller's business ({@link DecodeBatch} never passes them on).
 * Not thread-safe.
 */
public final class TextStream {
    private final StreamingDecoder decoder;
    private final List<String> stops;
    private final int holdBack;
    private final boolean trimLeading;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean stopped;

    public TextStream(Tokenizer tokenizer, Stops stops) {
        this.decoder = new StreamingDecoder(tokenizer);
        this.stops = stops.strings().stream().filter(s -> !s.isEmpty()).toList();
        this.trimLeading = stops.trimLeading();
        this.holdBack = Math.max(0, this.stops.stream().mapToInt(String::length).max().orElse(0) - 1);
    }

    /** Adds a token; returns the text that is now safe to show (possibly empty). */
    public String push(int token) {
        if (stopped) return "";
        append(decoder.push(token));
        cutAtStop();
        int safe = stopped ? text.length() : Math.max(emitted, text.length() - holdBack);
        return take(safe);
    }

    /** Ends the stream: returns whatever was held back (after a final stop-string check). */
    public String finish() {
        if (!stopped) {
            append(decoder.flush());
            cutAtStop();
        }
        return take(text.length());
    }

    /** True once a stop string appeared; the sequence should end. */
    public boolean stopped() { return stopped; }

    /** The text so far, without the stop string and anything after it. */
    public String text() { return text.toString(); }

    private void append(String piece) {
        if (trimLeading && text.length() == 0) piece = piece.stripLeading();
        text.append(piece);
    }

    private String take(int upTo) {
        if (upTo <= emitted) return "";
        String s = text.substring(emitted, upTo);
        emitted = upTo;
        return s;
    }

    private void cutAtStop() {
        int best = -1;
        // Only the tail can hold a new match: start looking where a stop could begin.
        int from = Math.max(0, emitted - holdBack - 1);
        String s = text.substring(from);
        for (String stop : stops) {
            int i = s.indexOf(stop);
            if (i >= 0 && (best < 0 || i < best)) best = i;
        }
        if (best >= 0) {
            text.setLength(from + best);
            stopped = true;
        }
    }
}
