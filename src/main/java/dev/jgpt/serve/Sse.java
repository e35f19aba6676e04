package dev.jgpt.serve;

import dev.jgpt.util.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Server-sent events as OpenAI streams them: "data: {json}\n\n" per chunk, then "data: [DONE]\n\n". */
final class Sse {
    private final OutputStream out;

    Sse(OutputStream out) { this.out = out; }

    void send(Object chunk) throws IOException { write("data: " + Json.line(chunk) + "\n\n"); }

    void done() throws IOException { write("data: [DONE]\n\n"); }

    /** Each event goes out at once: the client shows tokens as they come. */
    void flush() throws IOException { out.flush(); }

    private void write(String s) throws IOException { out.write(s.getBytes(StandardCharsets.UTF_8)); }
}
