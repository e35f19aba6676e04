/**
 * Training data: corpus loading ({@link dev.jgpt.data.TextLoader}), tokenised shards on disk
 * ({@link dev.jgpt.data.TokenShards}, memory-mapped by {@link dev.jgpt.data.TokenDataset}),
 * resumable random batches ({@link dev.jgpt.data.BatchSampler}) and the text-to-shards step
 * ({@link dev.jgpt.data.Prepare}). The embedded synthetic corpus lives in {@code dev.jgpt.data.synth}.
 */
package dev.jgpt.data;
