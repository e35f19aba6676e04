package dev.jgpt.cli;

import dev.jgpt.model.ModelDir;
import dev.jgpt.serve.OpenAiServer;
import dev.jgpt.serve.ServeOptions;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a model over an OpenAI-compatible HTTP API, with a web chat page at /.",
                "Endpoints: POST /v1/chat/completions, POST /v1/completions, GET /v1/models, GET /health.",
                "Concurrent requests are decoded together in one batch; Ctrl-C finishes requests in flight, then exits."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory (a jgpt run or checkpoint, or a Hugging Face GPT-2 folder).")
    Path model;
    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host = "127.0.0.1";
    @Option(names = "--port", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8000;
    @Option(names = "--api-key", description = "Require 'Authorization: Bearer KEY' on /v1 requests (default: the JGPT_API_KEY environment variable, else none).")
    String apiKey;
    @Option(names = "--allow-origin", split = ",", paramLabel = "ORIGIN",
            description = "Let web pages from this origin (e.g. http://localhost:3000; * for any) call the API from a browser (CORS). Repeatable or comma-separated (default: none; the server's own chat page needs none).")
    List<String> allowOrigins = new ArrayList<>();
    @Option(names = "--served-name", description = "Model name clients pass as \"model\" (default: the model folder's name).")
    String servedName;
    @Option(names = "--max-batch", description = "Sequences decoded together at most (default: ${DEFAULT-VALUE}).")
    int maxBatch = 16;
    @Option(names = "--queue", description = "Requests that may wait for room; more get HTTP 429 (default: ${DEFAULT-VALUE}).")
    int queue = 64;
    @Option(names = "--max-body-bytes", description = "Largest request body; larger ones get HTTP 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes = 1 << 20;
    @Option(names = "--default-max-tokens", description = "Reply length when a chat request gives no max_tokens (default: ${DEFAULT-VALUE}).")
    int defaultMaxTokens = 256;

    @Override
    public Integer call() throws Exception {
        String key = apiKey != null ? apiKey : System.getenv("JGPT_API_KEY");
        ServeOptions opt;
        try {
            opt = new ServeOptions(host, port, key == null || key.isEmpty() ? null : key, servedName, maxBatch, queue,
                    maxBodyBytes, defaultMaxTokens, Math.max(4096, defaultMaxTokens), 30, allowOrigins);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        ModelDir.Loaded loaded = ModelDir.load(model);
        OpenAiServer server;
        try {
            server = OpenAiServer.start(loaded, opt);
        } catch (BindException e) {
            throw new UserException("cannot listen on " + host + ":" + port + ": " + e.getMessage() + " (another server there? try --port 0)");
        } catch (IOException e) {
            throw new UserException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        if (opt.apiKey() == null && !InetAddress.getByName(host).isLoopbackAddress())
            System.err.println("warning: listening on " + host + " without an API key: anyone who can reach this port can use the model");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("jgpt serve: finishing requests in flight...");
            server.close();
            stopped.countDown();
        }, "jgpt-serve-shutdown"));
        String base = server.baseUri().toString();
        System.out.printf("serving '%s' (context %d tokens, chat template: %s)%n", server.modelName(),
                loaded.model().config().blockSize(), server.chatTemplate());
        System.out.println("  OpenAI base URL: " + base + "/v1" + (opt.apiKey() != null ? "  (API key required)" : ""));
        System.out.println("  web chat:        " + base + "/");
        System.out.println("  health:          " + base + "/health");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
