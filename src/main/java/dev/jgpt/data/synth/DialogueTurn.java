package dev.jgpt.data.synth;

/**
 * One exchange of a dialogue. {@code truth} is what the answer was rendered from: a
 * {@link Fact}, a {@link WordProblem}, a {@code Long} (a plain sum), or null for small talk.
 */
public record DialogueTurn(String user, String assistant, Object truth) {}
