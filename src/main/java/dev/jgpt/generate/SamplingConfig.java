package dev.jgpt.generate;

/**
 * How to pick each next token.
 *
 * @param maxNewTokens upper bound on generated tokens per sequence
 * @param temperature  0 means greedy (argmax), deterministic regardless of seed
 * @param topK         keep only the k most likely tokens (0 = off)
 * @param topP         nucleus sampling: smallest set with cumulative probability >= p (1 = off)
 * @param seed         sequence i samples from its own stream derived from (seed, i), so
 *                     results do not depend on how sequences are batched together
 */
public record SamplingConfig(int maxNewTokens, float temperature, int topK, float topP, long seed) {
    public SamplingConfig {
        if (maxNewTokens < 0) throw new IllegalArgumentException("max new tokens must be >= 0, got " + maxNewTokens);
        if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    }

    public static SamplingConfig greedy(int maxNewTokens) { return new SamplingConfig(maxNewTokens, 0f, 0, 1f, 0); }
}
