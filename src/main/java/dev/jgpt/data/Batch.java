package dev.jgpt.data;

/**
 * A training batch, flattened row-major as [batch][time]: {@code y[b*T + t]} is the token that
 * follows {@code x[b*T + t]} in the corpus.
 */
public record Batch(int[] x, int[] y) {}
