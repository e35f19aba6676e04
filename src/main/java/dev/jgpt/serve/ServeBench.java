package dev.jgpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgpt.util.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load generator for the server: {@code concurrency} clients, each sending chat requests
 * one after another until {@code requests} have been sent in all. Measures what a client sees:
 * wall-clock latency per request (first byte of the request to the last of the reply).
 */
public final class ServeBench {
    /** Questions in the style of the default corpus's dialogues, so replies have natural lengths. */
    static final List<String> QUESTIONS = List.of(
            "Where is Mia?", "What is 12 plus 30?", "Who owns the kite?", "What colour is the ball?",
            "How old is Tom?", "Is the lamp big or small?", "What is 7 times 6?", "What is 45 minus 17?");

    public record Level(int concurrency, int requests, double seconds, double requestsPerSecond, double p50Ms, double p99Ms,
                        long completionTokens, double tokensPerSecond, int errors) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("concurrency", concurrency);
            m.put("requests", requests);
            m.put("seconds", seconds);
            m.put("requests_per_second", requestsPerSecond);
            m.put("p50_ms", p50Ms);
            m.put("p99_ms", p99Ms);
            m.put("completion_tokens", completionTokens);
            m.put("tokens_per_second", tokensPerSecond);
            m.put("errors", errors);
            return m;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI url;
    private final String model;
    private final int maxTokens;
    private final double temperature;

    public ServeBench(URI baseUri, String model, int maxTokens, double temperature) {
        this.url = baseUri.resolve("/v1/chat/completions");
        this.model = model;
        this.maxTokens = maxTokens;
        this.temperature = temperature;
    }

    /** Runs one level; request i asks question i mod 8 with seed i, so runs are repeatable. */
    public Level run(int concurrency, int requests) throws Exception {
        AtomicInteger next = new AtomicInteger();
        double[] latency = new double[requests];
        long[] tokens = new long[requests];
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < concurrency; c++)
                fs.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < requests; ) {
                        long s = System.nanoTime();
                        try {
                            tokens[i] = send(i);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        latency[i] = (System.nanoTime() - s) / 1e6;
                    }
                    return null;
                }));
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long total = Arrays.stream(tokens).sum();
        return new Level(concurrency, requests, secs, requests / secs, percentile(latency, 50), percentile(latency, 99),
                total, total / secs, errors.get());
    }

    /** Sends request i; returns its completion tokens. */
    long send(int i) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", QUESTIONS.get(i % QUESTIONS.size()))));
        body.put("max_tokens", maxTokens);
        body.put("temperature", temperature);
        body.put("seed", i);
        HttpRequest req = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.line(body))).build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        JsonNode usage = Json.MAPPER.readTree(r.body()).get("usage");
        return usage.get("completion_tokens").asLong();
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }
}
