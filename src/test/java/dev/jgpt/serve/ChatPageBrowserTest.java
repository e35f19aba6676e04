package dev.jgpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgpt.model.ModelDir;
import dev.jgpt.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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
        // The profile lives outside @TempDir: chromium's helpers (the crash handler is re-parented to
        // init, so it is no descendant we can wait for) may still write there after the browser exits,
        // and a failed @TempDir clean-up fails the test. We delete it ourselves, best-effort.
        Path profile = Files.createTempDirectory("jgpt-chromium-profile");
        try (OpenAiServer server = OpenAiServer.start(loaded, ServeOptions.defaults().withPort(0))) {
            Process p = new ProcessBuilder(browser.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--disable-crash-reporter", "--disable-breakpad",
                    "--remote-debugging-port=" + port, "--user-data-dir=" + profile, "about:blank")
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
                stopWithDescendants(p);
            }
        } finally {
            deleteQuietly(profile);
        }
    }

    /** Stops the browser and the helpers it forked (listed before the parent dies and they are re-parented). */
    private static void stopWithDescendants(Process p) throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(p.descendants(), Stream.of(p.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                h.destroyForcibly();
            }
        }
    }

    /** Deletes a directory tree, retrying briefly while late writers finish; leftovers are not a test failure. */
    private static void deleteQuietly(Path root) throws InterruptedException {
        for (int attempt = 0; attempt < 10 && Files.exists(root); attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
            } catch (IOException | UncheckedIOException e) {
                Thread.sleep(200);
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
