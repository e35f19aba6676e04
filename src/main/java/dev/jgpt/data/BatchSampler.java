package dev.jgpt.data;

import dev.jgpt.util.UserException;

import java.util.SplittableRandom;

/**
 * Random contiguous windows of a token dataset. Batch {@code s} is drawn from an RNG seeded by
 * {@code (seed, s)} alone, so a run resumed at step {@code s} (via {@link #seek}) sees exactly the
 * batches the uninterrupted run would have, with no RNG state to checkpoint beyond the step.
 */
public final class BatchSampler {
    private final TokenDataset ds;
    private final int batchSize, blockSize;
    private final long seed;
    private long step;

    public BatchSampler(TokenDataset ds, int batchSize, int blockSize, long seed) {
        if (batchSize < 1) throw new UserException("batch size must be positive, got " + batchSize);
        if (blockSize < 1) throw new UserException("block size must be positive, got " + blockSize);
        if (ds.size() < (long) blockSize + 1) {
            throw new UserException("corpus too small: " + ds.size() + " tokens, need at least blockSize+1 = " + (blockSize + 1) + " (" + ds.file() + ")");
        }
        if ((long) batchSize * blockSize > Integer.MAX_VALUE - 8) throw new UserException("batch too large: " + batchSize + " x " + blockSize);
        this.ds = ds;
        this.batchSize = batchSize;
        this.blockSize = blockSize;
        this.seed = seed;
    }

    public int batchSize() { return batchSize; }
    public int blockSize() { return blockSize; }
    public long seed() { return seed; }

    /** The step whose batch {@link #next} returns; save it in a checkpoint. */
    public long step() { return step; }

    /** Resume: the next batch will be batch {@code step}. */
    public void seek(long step) {
        if (step < 0) throw new IllegalArgumentException("step must not be negative: " + step);
        this.step = step;
    }

    public Batch next() {
        return batchAt(step++);
    }

    /** Batch number {@code s}, independent of what was drawn before. */
    public Batch batchAt(long s) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, s));
        int T = blockSize;
        int[] x = new int[batchSize * T], y = new int[batchSize * T], window = new int[T + 1];
        long starts = ds.size() - T;  // windows of T+1 tokens start in [0, size - T - 1]
        for (int b = 0; b < batchSize; b++) {
            ds.copy(rng.nextLong(starts), window, 0, T + 1);
            System.arraycopy(window, 0, x, b * T, T);
            System.arraycopy(window, 1, y, b * T, T);
        }
        return new Batch(x, y);
    }
}
