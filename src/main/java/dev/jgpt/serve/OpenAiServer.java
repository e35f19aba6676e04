package dev.jgpt.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jgpt.generate.Generator;
import dev.jgpt.model.ModelDir;
import dev.jgpt.util.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible HTTP server for one model, on the JDK's built-in HTTP server (no
 * dependency; its thread-per-exchange model suits requests that mostly wait for the decoder).
 *
 * <pre>
 * HTTP threads ──► Endpoints (parse, template, validate) ──► Batcher queue ──► decode loop
 *      ▲                                                                        │
 *      └──────────── Job events (text pieces, finish) ◄─────────────────────────┘
 * </pre>
 *
 * Routes: POST /v1/chat/completions, POST /v1/completions, GET /v1/models[/{id}],
 * GET /health, and the web chat page at GET /. Errors are OpenAI-shaped JSON.
 */
public final class OpenAiServer implements AutoCloseable {
    private static final String PAGE = "/dev/jgpt/serve/chat.html";

    private final HttpServer http;
    private final ExecutorService threads;
    private final Batcher batcher;
    private final Endpoints api;
    private final ServeOptions opt;
    private final byte[] apiKey;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;

    private OpenAiServer(ModelDir.Loaded loaded, ServeOptions opt) throws IOException {
        this.opt = opt;
        this.apiKey = opt.apiKey() == null ? null : opt.apiKey().getBytes(StandardCharsets.UTF_8);
        Generator generator = new Generator(loaded.model());
        this.batcher = new Batcher(generator, opt.maxBatch(), opt.maxQueued());
        String name = opt.modelName() != null ? opt.modelName() : nameOf(loaded.dir());
        this.api = new Endpoints(batcher, loaded.tokenizer(), generator.config().blockSize(), name, opt);
        this.http = HttpServer.create(new InetSocketAddress(opt.host(), opt.port()), 64);
        // Each request holds a thread while it waits for the decoder: enough threads for a full
        // batch and a full queue, plus some for quick answers (429s, health, the page).
        int n = opt.maxBatch() + opt.maxQueued() + 8;
        this.threads = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "jgpt-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        http.createContext("/", this::handle);
    }

    /** Loads nothing itself: serves an already loaded model. */
    public static OpenAiServer start(ModelDir.Loaded loaded, ServeOptions opt) throws IOException {
        OpenAiServer s = new OpenAiServer(loaded, opt);
        s.http.start();
        return s;
    }

    /** A run folder "runs/x" (or its checkpoint) is served as "x". */
    static String nameOf(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (d.getFileName() != null && d.getFileName().toString().equals("checkpoint") && d.getParent() != null && d.getParent().getFileName() != null)
            d = d.getParent();
        return d.getFileName() == null ? "jgpt" : d.getFileName().toString();
    }

    public int port() { return http.getAddress().getPort(); }

    public String modelName() { return api.model(); }

    public String chatTemplate() { return api.template().name(); }

    /** Requests being handled now. */
    int inFlight() { return inFlight.get(); }

    /** http://host:port (the OpenAI base URL is this plus /v1). */
    public URI baseUri() {
        String host = opt.host().contains(":") ? "[" + opt.host() + "]" : opt.host();
        return URI.create("http://" + host + ":" + port());
    }

    /**
     * Graceful shutdown: new requests get 503, requests in flight (running or queued) finish,
     * for at most the grace period; then the listener closes and the decode loop ends.
     */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(opt.shutdownGraceSeconds());
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.stop(0);
        batcher.close();
        threads.shutdownNow();
    }

    private void handle(HttpExchange ex) {
        inFlight.incrementAndGet();
        // Admission is decided once, here: close() sets `closing` and then waits for inFlight, so a
        // request counted before shutdown began is finished, never refused halfway through routing.
        boolean admitted = !closing;
        try {
            if (cors(ex)) return;
            route(ex, admitted);
        } catch (ApiError e) {
            sendError(ex, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(ex, ApiError.unavailable("the server is shutting down"));
        } catch (IOException e) {
            // The client went away; nothing to answer.
        } catch (RuntimeException e) {
            sendError(ex, ApiError.internal("internal error: " + e));
        } finally {
            ex.close();
            inFlight.decrementAndGet();
        }
    }

    /**
     * CORS for the origins the server was told to allow: their pages' scripts may read every
     * answer, and a browser's preflight (OPTIONS with Access-Control-Request-Method) is answered
     * here with 204, before the API key is checked, since browsers send preflights without it.
     * Other origins get no CORS headers, so browsers keep their pages from reading the answers.
     * Returns whether the request was a preflight and is answered.
     */
    private boolean cors(HttpExchange ex) throws IOException {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (!opt.allowsOrigin(origin)) return false;
        var h = ex.getResponseHeaders();
        h.set("Access-Control-Allow-Origin", opt.allowedOrigins().contains("*") ? "*" : origin);
        h.set("Vary", "Origin");
        if (!ex.getRequestMethod().equals("OPTIONS") || ex.getRequestHeaders().getFirst("Access-Control-Request-Method") == null)
            return false;
        h.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        h.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
        h.set("Access-Control-Max-Age", "600");
        ex.sendResponseHeaders(204, -1);
        return true;
    }

    private void route(HttpExchange ex, boolean admitted) throws IOException, InterruptedException {
        String path = ex.getRequestURI().getPath(), method = ex.getRequestMethod();
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (path.equals("/health")) {
            requireGet(ex, path);
            sendJson(ex, 200, api.health());
            return;
        }
        if (path.equals("/") || path.equals("/chat")) {
            requireGet(ex, path);
            sendPage(ex);
            return;
        }
        if (!path.startsWith("/v1/")) throw ApiError.notFound("no route for " + path, null, "unknown_url");
        if (!admitted) throw ApiError.unavailable("the server is shutting down");
        authorize(ex);
        Endpoints.Reply reply = reply(ex);
        switch (path) {
            case "/v1/chat/completions" -> api.chat(postBody(ex, path), reply);
            case "/v1/completions" -> api.completions(postBody(ex, path), reply);
            case "/v1/models" -> {
                requireGet(ex, path);
                sendJson(ex, 200, api.models());
            }
            default -> {
                if (path.startsWith("/v1/models/")) {
                    requireGet(ex, path);
                    sendJson(ex, 200, api.model(path.substring("/v1/models/".length())));
                } else throw ApiError.notFound("no route for " + path, null, "unknown_url");
            }
        }
    }

    private void authorize(HttpExchange ex) {
        if (apiKey == null) return;
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7))
            throw ApiError.unauthorized("missing API key: send the header 'Authorization: Bearer YOUR_KEY'");
        byte[] given = h.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        // Constant-time comparison: the time taken does not reveal how much of the key matched.
        if (!MessageDigest.isEqual(given, apiKey)) throw ApiError.unauthorized("incorrect API key");
    }

    private static void requireGet(HttpExchange ex, String path) {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD"))
            throw ApiError.methodNotAllowed(ex.getRequestMethod(), path);
    }

    /** The JSON object in a POST body; 413 past the size limit, 400 for anything but a JSON object. */
    private ObjectNode postBody(HttpExchange ex, String path) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) throw ApiError.methodNotAllowed(ex.getRequestMethod(), path);
        long limit = opt.maxBodyBytes();
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) throw ApiError.tooLarge(limit);
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("invalid Content-Length header", null);
            }
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (InputStream in = ex.getRequestBody()) {
            byte[] chunk = new byte[8192];
            for (int r; (r = in.read(chunk)) >= 0; ) {
                buf.write(chunk, 0, r);
                if (buf.size() > limit) throw ApiError.tooLarge(limit);   // a chunked body without a length
            }
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(buf.toByteArray());
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("could not parse the JSON body of the request: " + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject()) throw ApiError.badRequest("the request body must be a JSON object", null);
        return (ObjectNode) node;
    }

    private static Endpoints.Reply reply(HttpExchange ex) {
        return new Endpoints.Reply() {
            @Override public void json(int status, Object body) throws IOException { sendJson(ex, status, body); }

            @Override public Sse stream() throws IOException {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
                ex.getResponseHeaders().set("Cache-Control", "no-cache");
                ex.sendResponseHeaders(200, 0);   // 0: chunked, the length is not known yet
                return new Sse(ex.getResponseBody());
            }
        };
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = (Json.line(body) + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) try (OutputStream out = ex.getResponseBody()) { out.write(bytes); }
    }

    private static void sendError(HttpExchange ex, ApiError e) {
        try {
            if (e.status() == 429) ex.getResponseHeaders().set("Retry-After", "1");
            sendJson(ex, e.status(), e.body());
        } catch (IOException | IllegalStateException ignored) {
            // Headers already sent (a stream in progress) or the client is gone.
        }
    }

    private static void sendPage(HttpExchange ex) throws IOException {
        byte[] page;
        try (InputStream in = OpenAiServer.class.getResourceAsStream(PAGE)) {
            if (in == null) throw new IllegalStateException("missing resource " + PAGE);
            page = in.readAllBytes();
        }
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, page.length);
        try (OutputStream out = ex.getResponseBody()) { out.write(page); }
    }
}
