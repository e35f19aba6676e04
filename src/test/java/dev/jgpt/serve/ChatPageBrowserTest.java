package dev.jgpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgpt.model.ModelDir;
import dev.jgpt.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web chat page in a real headless browser (Debian's chromium), driven through the
 * DevTools protocol: type, send, and see the streamed reply and the conversation history.
 * Skips when chromium is not installed.
 */
class ChatPageBrowserTest {
    @TempDir Path dir;

    static Path chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"))
            if (Files.isExecutable(Path.of(p))) return Path.of(p);
        return null;
    }

    @Test
    void pageStreamsRepliesAndKeepsTheConversation() throws Exception {
        Path browser = chromium();
        assumeTrue(browser != null, "chromium is not installed");
        ModelDir.Loaded loaded = TinyChatModel.create(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        try (OpenAiServer server = OpenAiServer.start(loaded, ServeOptions.defaults().withPort(0))) {
            Process p = new ProcessBuilder(browser.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-port=" + port,
                    "--user-data-dir=" + dir.resolve("profile"), "about:blank")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
            try (Cdp cdp = Cdp.connect(port)) {
                cdp.call("Page.navigate", Map.of("url", server.baseUri() + "/"));
                cdp.waitFor("document.getElementById('model').textContent === 'model: tiny-chat'");
                cdp.eval("document.getElementById('temperature').value = '0'; document.getElementById('maxTokens').value = '16'");
                // Count how often the reply bubble changes while it streams.
                cdp.eval("window.updates = 0; new MutationObserver(() => window.updates++)"
                        + ".observe(document.getElementById('log'), {subtree: true, childList: true, characterData: true})");
                send(cdp, "Where is Mia?");
                String first = cdp.eval("document.querySelectorAll('.msg.assistant')[0].textContent").asText();
                assertEquals(apiReply(server, List.of(Map.of("role", "user", "content", "Where is Mia?"))), first);
                assertTrue(cdp.eval("window.updates").asInt() >= 3, "bubbles added and filled");
                send(cdp, "And who owns the kite?");
                String second = cdp.eval("document.querySelectorAll('.msg.assistant')[1].textContent").asText();
                // The page sent the whole conversation: the reply is the API's reply to all three turns.
                assertEquals(apiReply(server, List.of(Map.of("role", "user", "content", "Where is Mia?"),
                        Map.of("role", "assistant", "content", first),
                        Map.of("role", "user", "content", "And who owns the kite?"))), second);
                assertEquals(0, cdp.eval("document.querySelectorAll('.msg.error').length").asInt());
            } finally {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }

    private static void send(Cdp cdp, String text) throws Exception {
        int before = cdp.eval("document.querySelectorAll('.msg.assistant').length").asInt();
        cdp.eval("document.getElementById('input').value = " + Json.line(text) + "; document.getElementById('send').click()");
        cdp.waitFor("document.querySelectorAll('.msg.assistant').length === " + (before + 1)
                + " && document.querySelectorAll('.msg.assistant')[" + before + "].dataset.state === 'done'");
    }

    private static String apiReply(OpenAiServer server, List<Map<String, String>> messages) throws Exception {
        String body = Json.line(Map.of("messages", messages, "temperature", 0, "max_tokens", 16));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri().resolve("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body()).get("choices").get(0).get("message").get("content").asText();
    }

    /** A minimal DevTools-protocol client over the JDK's WebSocket. */
    static final class Cdp implements AutoCloseable, WebSocket.Listener {
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static Cdp connect(int port) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    for (JsonNode t : Json.MAPPER.readTree(r.body()))
                        if (t.get("type").asText().equals("page")) {
                            Cdp c = new Cdp();
                            c.ws = http.newWebSocketBuilder().buildAsync(URI.create(t.get("webSocketDebuggerUrl").asText()), c).get(10, TimeUnit.SECONDS);
                            return c;
                        }
                } catch (java.io.IOException notYet) {
                    // the browser is still starting
                }
                if (System.nanoTime() > deadline) throw new AssertionError("chromium's DevTools endpoint did not come up");
                Thread.sleep(100);
            }
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            ws.sendText(Json.line(Map.of("id", id, "method", method, "params", params)), true).get(10, TimeUnit.SECONDS);
            JsonNode r = f.get(30, TimeUnit.SECONDS);
            if (r.has("error")) throw new AssertionError(method + ": " + r.get("error"));
            return r.get("result");
        }

        JsonNode eval(String js) throws Exception {
            JsonNode r = call("Runtime.evaluate", Map.of("expression", js, "returnByValue", true));
            if (r.has("exceptionDetails")) throw new AssertionError(js + ": " + r.get("exceptionDetails"));
            return r.get("result").path("value");
        }

        /** Polls until the condition holds; errors (e.g. the page not loaded yet) count as "not yet". */
        void waitFor(String condition) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String last = "false";
            while (true) {
                try {
                    if (eval("!!(" + condition + ")").asBoolean()) return;
                } catch (AssertionError e) {
                    last = e.getMessage();
                }
                if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + condition + " (last: " + last + ")");
                Thread.sleep(50);
            }
        }

        @Override public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode msg = Json.MAPPER.readTree(partial.toString());
                    if (msg.has("id")) {
                        var f = pending.remove(msg.get("id").asInt());
                        if (f != null) f.complete(msg);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override public void close() {
            if (ws != null) ws.abort();
        }
    }
}
