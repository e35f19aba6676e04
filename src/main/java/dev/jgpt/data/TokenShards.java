package dev.jgpt.data;

import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * A prepared dataset folder: {@code train.bin}, {@code val.bin} (see {@link TokenDataset}) and
 * {@code meta.json} (see {@link ShardMeta}). The validation split is the last
 * {@code valFraction} of the token stream, as nanoGPT does, so it is deterministic and never
 * overlaps training text.
 */
public record TokenShards(Path dir, ShardMeta meta, TokenDataset train, TokenDataset val) {
    public static final String TRAIN = "train.bin", VAL = "val.bin";
    public static final double DEFAULT_VAL_FRACTION = 0.1;

    public static ShardMeta write(Path dir, IntStream tokens, TokenizerInfo tokenizer, double valFraction) throws IOException {
        return write(dir, tokens.toArray(), tokenizer, valFraction);
    }

    /** Writes both shards, then meta.json, each atomically. */
    public static ShardMeta write(Path dir, int[] tokens, TokenizerInfo tokenizer, double valFraction) throws IOException {
        int trainCount = trainCount(tokens.length, valFraction);
        TokenDataset.write(dir.resolve(TRAIN), tokens, 0, trainCount, tokenizer.vocabSize());
        TokenDataset.write(dir.resolve(VAL), tokens, trainCount, tokens.length, tokenizer.vocabSize());
        ShardMeta meta = new ShardMeta(ShardMeta.FORMAT, Dtype.forVocab(tokenizer.vocabSize()).label(), tokenizer.vocabSize(),
                tokenizer.kind(), tokenizer.fingerprint(), trainCount, tokens.length - trainCount, valFraction);
        meta.write(dir);
        return meta;
    }

    /** Tokens before the split: {@code floor(n * (1 - valFraction))}. */
    public static int trainCount(int n, double valFraction) {
        if (!(valFraction >= 0 && valFraction < 1)) throw new UserException("validation fraction must be in [0, 1), got " + valFraction);
        return (int) Math.floor(n * (1 - valFraction));
    }

    /** Opens a folder and checks that the shards agree with meta.json. */
    public static TokenShards open(Path dir) {
        ShardMeta meta = ShardMeta.read(dir);
        TokenDataset train = TokenDataset.open(dir.resolve(TRAIN));
        TokenDataset val = TokenDataset.open(dir.resolve(VAL));
        check(train, meta.trainTokens(), meta);
        check(val, meta.valTokens(), meta);
        return new TokenShards(dir, meta, train, val);
    }

    /** As {@link #open(Path)}, and refuses data prepared with a different tokenizer. */
    public static TokenShards open(Path dir, TokenizerInfo expected) {
        TokenShards s = open(dir);
        if (!s.meta.tokenizerFingerprint().equals(expected.fingerprint())) {
            throw new UserException(dir + " was prepared with a different tokenizer (" + s.meta.tokenizerKind() + ", vocabulary "
                    + s.meta.vocabSize() + ") than the one given (" + expected.kind() + ", vocabulary " + expected.vocabSize() + "); prepare it again");
        }
        return s;
    }

    private static void check(TokenDataset ds, long tokens, ShardMeta meta) {
        if (ds.size() != tokens || ds.vocabSize() != meta.vocabSize() || !ds.dtype().label().equals(meta.dtype())) {
            throw new UserException("header of " + ds.file() + " (" + ds.size() + " tokens, " + ds.dtype().label() + ", vocabulary "
                    + ds.vocabSize() + ") does not match " + ShardMeta.FILE + " (" + tokens + " tokens, " + meta.dtype() + ", vocabulary "
                    + meta.vocabSize() + ")");
        }
    }
}
