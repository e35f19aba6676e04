package dev.jgpt.serve;

import java.util.List;

/**
 * How the server runs.
 *
 * @param host             address to bind (127.0.0.1: this machine only)
 * @param port             0 picks a free port
 * @param apiKey           when set, every /v1 request needs "Authorization: Bearer KEY"
 * @param modelName        the name clients use in "model"; null derives it from the directory
 * @param maxBatch         sequences decoded together at most (a request with n choices takes n)
 * @param maxQueued        requests waiting beyond that; more are refused with 429
 * @param maxBodyBytes     larger request bodies are refused with 413
 * @param defaultMaxTokens chat completions without max_tokens stop after this many tokens
 * @param maxTokensLimit   the largest max_tokens a request may ask for
 * @param shutdownGraceSeconds how long shutdown waits for requests in flight
 * @param allowedOrigins   web page origins (e.g. {@code http://localhost:3000}, or {@code *} for any)
 *                         whose scripts may call the API from a browser (CORS); empty: none but the
 *                         server's own page
 */
public record ServeOptions(String host, int port, String apiKey, String modelName, int maxBatch, int maxQueued,
                           int maxBodyBytes, int defaultMaxTokens, int maxTokensLimit, int shutdownGraceSeconds,
                           List<String> allowedOrigins) {
    public ServeOptions {
        allowedOrigins = List.copyOf(allowedOrigins);
        for (String o : allowedOrigins) {
            if (!o.equals("*") && !o.matches("https?://[^/\\s]+"))
                throw new IllegalArgumentException("an allowed origin is scheme://host[:port] (no path) or *, got '" + o + "'");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        if (maxQueued < 1) throw new IllegalArgumentException("queue size must be >= 1, got " + maxQueued);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("body limit must be >= 1024 bytes, got " + maxBodyBytes);
        if (defaultMaxTokens < 1 || maxTokensLimit < defaultMaxTokens)
            throw new IllegalArgumentException("need 1 <= default max tokens <= max tokens limit");
        if (shutdownGraceSeconds < 0) throw new IllegalArgumentException("shutdown grace must be >= 0");
        if (apiKey != null && apiKey.isBlank()) throw new IllegalArgumentException("the API key must not be blank");
    }

    public static ServeOptions defaults() {
        return new ServeOptions("127.0.0.1", 8000, null, null, 16, 64, 1 << 20, 256, 4096, 30, List.of());
    }

    public ServeOptions withPort(int p) {
        return new ServeOptions(host, p, apiKey, modelName, maxBatch, maxQueued, maxBodyBytes, defaultMaxTokens, maxTokensLimit, shutdownGraceSeconds, allowedOrigins);
    }

    public ServeOptions withApiKey(String key) {
        return new ServeOptions(host, port, key, modelName, maxBatch, maxQueued, maxBodyBytes, defaultMaxTokens, maxTokensLimit, shutdownGraceSeconds, allowedOrigins);
    }

    public ServeOptions withLimits(int batch, int queued, int bodyBytes) {
        return new ServeOptions(host, port, apiKey, modelName, batch, queued, bodyBytes, defaultMaxTokens, maxTokensLimit, shutdownGraceSeconds, allowedOrigins);
    }

    public ServeOptions withAllowedOrigins(List<String> origins) {
        return new ServeOptions(host, port, apiKey, modelName, maxBatch, maxQueued, maxBodyBytes, defaultMaxTokens, maxTokensLimit, shutdownGraceSeconds, origins);
    }

    /** Whether a page from {@code origin} (the request's Origin header) may read the API's answers. */
    public boolean allowsOrigin(String origin) {
        return origin != null && (allowedOrigins.contains("*") || allowedOrigins.contains(origin));
    }
}
