package dev.jgpt.data;

import dev.jgpt.tokenizer.Tokenizer;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Path;

/** Text to token shards: the {@code prepare} step between a corpus and training. */
public final class Prepare {
    private Prepare() {}

    /** What was written, for the command line to report. */
    public record Summary(Path dir, long chars, long trainTokens, long valTokens, int vocabSize, String dtype) {
        public long tokens() { return trainTokens + valTokens; }

        /** Characters per token: about 1 for char-level, 3-4 for BPE on English. */
        public double compression() { return tokens() == 0 ? 0 : (double) chars / tokens(); }

        @Override public String toString() {
            return String.format(java.util.Locale.ROOT, "%,d chars -> %,d tokens (train %,d, val %,d; %.2f chars/token), vocabulary %,d, %s, in %s",
                    chars, tokens(), trainTokens, valTokens, compression(), vocabSize, dtype, dir);
        }
    }

    /** Encodes {@code text} (special tokens such as {@code <|endoftext|>} recognised) and writes the shards. */
    public static Summary prepare(String text, Tokenizer tok, Path outDir, double valFraction) throws IOException {
        if (text.isEmpty()) throw new UserException("corpus is empty: nothing to prepare for " + outDir);
        TokenShards.trainCount(0, valFraction);  // validates the fraction before the (slow) encoding
        int[] tokens = tok.encode(text);
        ShardMeta meta = TokenShards.write(outDir, tokens, TokenizerInfo.of(tok), valFraction);
        return new Summary(outDir, text.length(), meta.trainTokens(), meta.valTokens(), meta.vocabSize(), meta.dtype());
    }
}
