package dev.jgpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgpt.model.ModelDir;
import dev.jgpt.util.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** The HTTP surface at the wire level: status codes, error shapes, the event stream, limits, shutdown. */
class ServerTest {
    @TempDir static Path dir;
    static ModelDir.Loaded loaded;
    static OpenAiServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        loaded = TinyChatModel.create(dir);
        server = OpenAiServer.start(loaded, ServeOptions.defaults().withPort(0).withLimits(16, 64, 4096));
    }

    @AfterAll
    static void stop() { server.close(); }

    record Res(int status, String body, HttpResponse<String> raw) {
        JsonNode json() throws IOException { return Json.MAPPER.readTree(body); }
    }

    static Res post(OpenAiServer s, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(s.baseUri().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        return new Res(res.statusCode(), res.body(), res);
    }

    static Res get(OpenAiServer s, String path) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(s.baseUri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Res(res.statusCode(), res.body(), res);
    }

    static void assertError(Res r, int status, String param) throws IOException {
        assertEquals(status, r.status(), r.body());
        JsonNode e = r.json().get("error");
        assertNotNull(e, r.body());
        for (String k : List.of("message", "type", "param", "code")) assertTrue(e.has(k), k + " in " + r.body());
        assertFalse(e.get("message").asText().isBlank());
        if (param != null) assertEquals(param, e.get("param").asText(), r.body());
    }

    static String chatBody(String extra) {
        return "{\"model\": \"tiny-chat\", \"messages\": [{\"role\": \"user\", \"content\": \"Where is Mia?\"}]" + extra + "}";
    }

    @Test
    void malformedJsonAndWrongShapesAre400() throws Exception {
        assertError(post(server, "/v1/chat/completions", "{\"messages\": [}"), 400, null);
        assertError(post(server, "/v1/chat/completions", "[1, 2]"), 400, null);
        assertError(post(server, "/v1/chat/completions", ""), 400, null);
        assertError(post(server, "/v1/chat/completions", "{\"model\": \"tiny-chat\"}"), 400, "messages");
        assertError(post(server, "/v1/chat/completions", "{\"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}"), 400, "messages[0].role");
        assertError(post(server, "/v1/chat/completions", chatBody(", \"temperature\": 5")), 400, "temperature");
        assertError(post(server, "/v1/chat/completions", chatBody(", \"temperature\": \"hot\"")), 400, "temperature");
        assertError(post(server, "/v1/chat/completions", chatBody(", \"n\": 0")), 400, "n");
        assertError(post(server, "/v1/chat/completions", chatBody(", \"n\": 17")), 400, "n");
        assertError(post(server, "/v1/chat/completions", chatBody(", \"max_tokens\": 0")), 400, "max_tokens");
        assertError(post(server, "/v1/chat/completions", chatBody(", \"stop\": [\"a\",\"b\",\"c\",\"d\",\"e\"]")), 400, "stop");
        assertError(post(server, "/v1/chat/completions", chatBody(", \"stop\": 3")), 400, "stop");
        assertError(post(server, "/v1/chat/completions", chatBody(", \"tools\": [{\"type\": \"function\"}]")), 400, "tools");
        assertError(post(server, "/v1/completions", "{\"prompt\": [1, 2, 3]}"), 400, "prompt");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = chatBody(", \"user\": \"" + "x".repeat(5000) + "\"");
        assertError(post(server, "/v1/chat/completions", big), 413, null);
        // The server is still fine afterwards.
        assertEquals(200, post(server, "/v1/chat/completions", chatBody(", \"max_tokens\": 2")).status());
    }

    @Test
    void routesMethodsAndHealth() throws Exception {
        assertError(get(server, "/v1/chat/completions"), 405, null);
        assertError(get(server, "/v1/nothing"), 404, null);
        assertError(get(server, "/v1/models/other"), 404, null);
        assertEquals("tiny-chat", get(server, "/v1/models/tiny-chat").json().get("id").asText());
        JsonNode h = get(server, "/health").json();
        assertEquals("ok", h.get("status").asText());
        assertEquals("chatml", h.get("chat_template").asText());
        assertEquals(TinyChatModel.CONTEXT, h.get("context").asInt());
        Res page = get(server, "/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<title>jgpt chat</title>"));
        assertTrue(page.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    }

    @Test
    void eventStreamHasOpenAisShape() throws Exception {
        Res r = post(server, "/v1/chat/completions", chatBody(", \"stream\": true, \"n\": 2, \"max_tokens\": 6, \"temperature\": 0.8, \"seed\": 5,"
                + " \"stream_options\": {\"include_usage\": true}"));
        assertEquals(200, r.status());
        assertTrue(r.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        String[] events = r.body().split("\n\n");
        assertEquals("data: [DONE]", events[events.length - 1]);
        StringBuilder[] text = {new StringBuilder(), new StringBuilder()};
        String[] finish = new String[2];
        boolean[] roleFirst = new boolean[2];
        int[] seen = new int[2];
        JsonNode usage = null;
        for (int i = 0; i < events.length - 1; i++) {
            assertTrue(events[i].startsWith("data: {"), events[i]);
            JsonNode chunk = Json.MAPPER.readTree(events[i].substring(6));
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertEquals("tiny-chat", chunk.get("model").asText());
            assertTrue(chunk.has("usage"), "every chunk has a usage field when usage is asked for");
            if (chunk.get("choices").isEmpty()) { usage = chunk.get("usage"); continue; }
            JsonNode c = chunk.get("choices").get(0);
            int idx = c.get("index").asInt();
            if (seen[idx]++ == 0) roleFirst[idx] = "assistant".equals(c.get("delta").path("role").asText());
            assertNull(finish[idx], "nothing after a choice's finish chunk");
            if (c.get("delta").has("content")) text[idx].append(c.get("delta").get("content").asText());
            if (!c.get("finish_reason").isNull()) finish[idx] = c.get("finish_reason").asText();
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(roleFirst[i], "first chunk of choice " + i + " carries the role");
            assertNotNull(finish[i]);
        }
        assertNotNull(usage);
        assertEquals(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt(), usage.get("total_tokens").asInt());
        // The same request without streaming gives the same texts.
        JsonNode whole = post(server, "/v1/chat/completions", chatBody(", \"n\": 2, \"max_tokens\": 6, \"temperature\": 0.8, \"seed\": 5")).json();
        for (int i = 0; i < 2; i++) assertEquals(whole.get("choices").get(i).get("message").get("content").asText(), text[i].toString());
        assertEquals(whole.get("usage"), usage);
    }

    @Test
    void completionsStreamLikeTheyAnswer() throws Exception {
        String req = "{\"prompt\": [\"Where is\", \"Who owns\"], \"max_tokens\": 5, \"temperature\": 0";
        JsonNode whole = post(server, "/v1/completions", req + "}").json();
        assertEquals("text_completion", whole.get("object").asText());
        assertEquals(2, whole.get("choices").size());
        Res r = post(server, "/v1/completions", req + ", \"stream\": true}");
        StringBuilder[] text = {new StringBuilder(), new StringBuilder()};
        for (String event : r.body().split("\n\n")) {
            if (event.equals("data: [DONE]")) continue;
            JsonNode c = Json.MAPPER.readTree(event.substring(6)).get("choices").get(0);
            text[c.get("index").asInt()].append(c.get("text").asText());
        }
        assertTrue(r.body().endsWith("data: [DONE]\n\n"));
        for (int i = 0; i < 2; i++) assertEquals(whole.get("choices").get(i).get("text").asText(), text[i].toString());
    }

    @Test
    void fullQueueIs429() throws Exception {
        try (OpenAiServer small = OpenAiServer.start(loaded, ServeOptions.defaults().withPort(0).withLimits(1, 1, 4096))) {
            // One request decodes, one waits; the rest must be refused at once, not left waiting.
            int n = 12;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<Res>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) fs.add(pool.submit(() -> post(small, "/v1/chat/completions", chatBody(", \"max_tokens\": 4000, \"temperature\": 0"))));
                int ok = 0, busy = 0;
                for (Future<Res> f : fs) {
                    Res r = f.get();
                    if (r.status() == 200) ok++;
                    else {
                        assertError(r, 429, null);
                        assertEquals("1", r.raw().headers().firstValue("Retry-After").orElse(null));
                        busy++;
                    }
                }
                assertTrue(ok >= 1 && busy >= 1, ok + " served, " + busy + " refused");
                assertEquals(n, ok + busy);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void shutdownFinishesRequestsInFlight() throws Exception {
        OpenAiServer s = OpenAiServer.start(loaded, ServeOptions.defaults().withPort(0));
        URI base = s.baseUri();
        CompletableFuture<Res> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return post(s, "/v1/chat/completions", chatBody(", \"stream\": true, \"max_tokens\": 3000, \"temperature\": 0"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long t0 = System.nanoTime();
        while (s.inFlight() == 0 && System.nanoTime() - t0 < 5e9) Thread.sleep(2);
        assertEquals(1, s.inFlight(), "the request is running");
        s.close();
        Res r = inFlight.get();
        assertEquals(200, r.status());
        assertTrue(r.body().endsWith("data: [DONE]\n\n"), "the stream was completed, not cut");
        assertTrue(r.body().contains("\"finish_reason\":\"length\""));
        assertThrows(IOException.class, () -> HTTP.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void keyRequiredOnApiRoutesOnly() throws Exception {
        try (OpenAiServer keyed = OpenAiServer.start(loaded, ServeOptions.defaults().withPort(0).withApiKey("k1"))) {
            assertError(post(keyed, "/v1/chat/completions", chatBody("")), 401, null);
            HttpRequest wrong = HttpRequest.newBuilder(keyed.baseUri().resolve("/v1/models")).header("Authorization", "Bearer k2").build();
            assertEquals(401, HTTP.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpRequest right = HttpRequest.newBuilder(keyed.baseUri().resolve("/v1/models")).header("Authorization", "Bearer k1").build();
            assertEquals(200, HTTP.send(right, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, get(keyed, "/health").status());
            assertEquals(200, get(keyed, "/").status());
        }
    }

    @Test
    void corsOnlyForAllowedOrigins() throws Exception {
        HttpRequest.Builder preflight = HttpRequest.newBuilder().method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization, content-type");
        // Off by default: no CORS headers, and OPTIONS is not a method the API answers.
        HttpResponse<String> off = HTTP.send(preflight.copy().uri(server.baseUri().resolve("/v1/chat/completions"))
                .header("Origin", "http://localhost:3000").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, off.statusCode());
        assertTrue(off.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        ServeOptions o = ServeOptions.defaults().withPort(0).withApiKey("k1").withAllowedOrigins(List.of("http://localhost:3000"));
        try (OpenAiServer s = OpenAiServer.start(loaded, o)) {
            // The preflight carries no key and is answered before the key check.
            HttpResponse<String> pre = HTTP.send(preflight.copy().uri(s.baseUri().resolve("/v1/chat/completions"))
                    .header("Origin", "http://localhost:3000").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, pre.statusCode());
            assertEquals("http://localhost:3000", pre.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
            assertTrue(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
            // The real request still needs the key, and its answer (error or not) is readable by the page.
            HttpResponse<String> noKey = HTTP.send(HttpRequest.newBuilder(s.baseUri().resolve("/v1/models"))
                    .header("Origin", "http://localhost:3000").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, noKey.statusCode());
            assertEquals("http://localhost:3000", noKey.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(s.baseUri().resolve("/v1/models")).header("Authorization", "Bearer k1")
                    .header("Origin", "http://localhost:3000").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("http://localhost:3000", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            // Another origin gets nothing.
            HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(s.baseUri().resolve("/v1/models")).header("Authorization", "Bearer k1")
                    .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, other.statusCode());
            assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
        try (OpenAiServer any = OpenAiServer.start(loaded, ServeOptions.defaults().withPort(0).withAllowedOrigins(List.of("*")))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(any.baseUri().resolve("/health"))
                    .header("Origin", "http://anywhere.example").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        }
        assertThrows(IllegalArgumentException.class, () -> ServeOptions.defaults().withAllowedOrigins(List.of("http://x.example/path")));
        assertThrows(IllegalArgumentException.class, () -> ServeOptions.defaults().withAllowedOrigins(List.of("localhost:3000")));
    }

    @Test
    void concurrentRequestsShareDecodeSteps() throws Exception {
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Res>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) fs.add(pool.submit(() -> post(server, "/v1/chat/completions", chatBody(", \"max_tokens\": 300, \"temperature\": 0"))));
            for (Future<Res> f : fs) assertEquals(200, f.get().status());
        } finally {
            pool.shutdownNow();
        }
        assertTrue(get(server, "/health").json().get("peak_sequences").asInt() >= 2, "requests were batched together");
    }

    @Test
    void modelNameComesFromTheRunFolder() {
        assertEquals("tiny-chat", server.modelName());
        assertEquals("x", OpenAiServer.nameOf(Path.of("runs/x/checkpoint")));
        assertEquals("gpt2", OpenAiServer.nameOf(Path.of("/models/gpt2")));
    }
}
