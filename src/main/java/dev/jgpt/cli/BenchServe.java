package dev.jgpt.cli;

import dev.jgpt.model.ModelDir;
import dev.jgpt.serve.OpenAiServer;
import dev.jgpt.serve.ServeBench;
import dev.jgpt.serve.ServeOptions;
import dev.jgpt.tensor.Kernels;
import dev.jgpt.tensor.Parallel;
import dev.jgpt.util.Json;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Server throughput: starts the server in this process on a free port and drives it with N concurrent",
                "clients sending chat requests; prints requests/s, p50/p99 latency and generated tokens/s per concurrency."})
final class BenchServe implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory to serve.")
    Path model;
    @Option(names = "--concurrency", split = ",", description = "Concurrent clients, one level each (default: 1,4,16).")
    int[] levels = {1, 4, 16};
    @Option(names = "--requests", description = "Requests per level; 0 = 8 per client, at least 16 (default: ${DEFAULT-VALUE}).")
    int requests = 0;
    @Option(names = "--max-tokens", description = "max_tokens of each request (default: ${DEFAULT-VALUE}).")
    int maxTokens = 64;
    @Option(names = "--temperature", description = "Sampling temperature of each request (default: ${DEFAULT-VALUE}).")
    double temperature = 0.8;
    @Option(names = "--max-batch", description = "The server's --max-batch (default: ${DEFAULT-VALUE}).")
    int maxBatch = 16;
    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelDir.Loaded loaded = ModelDir.load(model);
        int maxLevel = java.util.Arrays.stream(levels).max().orElse(1);
        if (java.util.Arrays.stream(levels).anyMatch(c -> c < 1)) throw new UserException("--concurrency levels must be >= 1");
        ServeOptions opt = ServeOptions.defaults().withPort(0).withLimits(maxBatch, Math.max(64, maxLevel), 1 << 20);
        Map<String, Object> o = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (OpenAiServer server = OpenAiServer.start(loaded, opt)) {
            var cfg = loaded.model().config();
            o.put("model", server.modelName());
            o.put("parameters", loaded.model().parameterCount());
            o.put("n_layer", cfg.nLayer());
            o.put("n_embd", cfg.nEmbd());
            o.put("block_size", cfg.blockSize());
            o.putAll(Kernels.describe());
            o.put("threads", Parallel.threads());
            o.put("max_batch", maxBatch);
            o.put("max_tokens", maxTokens);
            ServeBench bench = new ServeBench(server.baseUri(), server.modelName(), maxTokens, temperature);
            bench.run(2, 8);   // warm-up (JIT, connections)
            for (int c : levels) {
                int n = requests > 0 ? requests : Math.max(16, 8 * c);
                ServeBench.Level l = bench.run(c, n);
                System.out.printf("bench serve: concurrency %d, %d requests: %.2f requests/s, p50 %.0f ms, p99 %.0f ms, %.0f generated tokens/s%s%n",
                        c, n, l.requestsPerSecond(), l.p50Ms(), l.p99Ms(), l.tokensPerSecond(), l.errors() > 0 ? " (" + l.errors() + " errors)" : "");
                rows.add(l.toMap());
            }
        }
        o.put("results", rows);
        if (json) System.out.println(Json.line(o));
        return 0;
    }
}
