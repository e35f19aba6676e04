package dev.jgpt.cli;

import dev.jgpt.data.TextLoader;
import dev.jgpt.eval.Perplexity;
import dev.jgpt.model.ModelDir;
import dev.jgpt.util.Json;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Mean cross-entropy (nats/token) and perplexity of a model on a text file.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory.")
    Path model;
    @Option(names = "--data", required = true, description = "UTF-8 text file (or folder of .txt files).")
    Path data;
    @Option(names = "--batch-size", description = "Windows per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize = 8;
    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(data)) throw new UserException("no such file: " + data);
        ModelDir.Loaded loaded = ModelDir.load(model);
        String text = TextLoader.load(data, "\n\n");
        int[] tokens = loaded.tokenizer().encode(text);
        if (tokens.length < 2) throw new UserException(data + " has fewer than 2 tokens; nothing to evaluate");
        long t0 = System.nanoTime();
        Perplexity.Result r = Perplexity.evaluate(loaded.model(), tokens, batchSize);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s on %s: loss %.4f nats/token, perplexity %.3f over %,d tokens (%.1f s)%n",
                loaded.dir(), data, r.loss(), r.perplexity(), r.tokens(), secs);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("loss", r.loss());
            o.put("perplexity", r.perplexity());
            o.put("tokens", r.tokens());
            o.put("seconds", secs);
            System.out.println(Json.line(o));
        }
        return 0;
    }
}
