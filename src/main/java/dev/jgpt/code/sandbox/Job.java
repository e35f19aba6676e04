package dev.jgpt.code.sandbox;

/** One program to compile and run: the whole source and the class whose main runs the tests. */
public record Job(String source, String mainClass) {
    public Job(String source) { this(source, "Main"); }
}
