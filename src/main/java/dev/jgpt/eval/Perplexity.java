package dev.jgpt.eval;

import dev.jgpt.model.Gpt;
import dev.jgpt.tensor.GradMode;

/**
 * Mean next-token cross-entropy of a model over a token stream, in non-overlapping windows
 * of the context length (each token predicted once, from at most a window of context).
 */
public final class Perplexity {
    public record Result(double loss, double perplexity, long tokens) {}

    private Perplexity() {}

    public static Result evaluate(Gpt model, int[] tokens, int batchSize) {
        int t = model.config().blockSize();
        if (tokens.length < 2) throw new IllegalArgumentException("need at least 2 tokens to evaluate, got " + tokens.length);
        double sum = 0;
        long count = 0;
        try (var g = GradMode.off()) {
            int start = 0;
            while (start < tokens.length - 1) {
                // Up to batchSize full windows per forward pass; the tail is a shorter window of its own.
                int len = Math.min(t, tokens.length - 1 - start);
                int rows = 1;
                if (len == t) while (rows < batchSize && start + (rows + 1) * t <= tokens.length - 1) rows++;
                int[] x = new int[rows * len], y = new int[rows * len];
                for (int r = 0; r < rows; r++)
                    for (int i = 0; i < len; i++) {
                        x[r * len + i] = tokens[start + r * len + i];
                        y[r * len + i] = tokens[start + r * len + i + 1];
                    }
                float loss = model.loss(x, y, rows, len, Gpt.Pass.EVAL).item();
                sum += (double) loss * rows * len;
                count += (long) rows * len;
                start += rows * len;
            }
        }
        double mean = sum / count;
        return new Result(mean, Math.exp(mean), count);
    }
}
