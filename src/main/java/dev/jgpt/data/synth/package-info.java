/**
 * The embedded default corpus: a seeded {@link dev.jgpt.data.synth.World} described by pluggable
 * {@link dev.jgpt.data.synth.CorpusGenerator}s (facts, arithmetic word problems, dialogues),
 * mixed by {@link dev.jgpt.data.synth.CorpusMix} and rendered by {@link dev.jgpt.data.synth.Corpus}.
 * Every document keeps the ground truth it was rendered from.
 */
package dev.jgpt.data.synth;
