package dev.jgpt.data.synth;

/**
 * One atomic statement about the world: {@code subject}'s {@code relation} is {@code value}.
 * Subjects are person or animal names ("Mia", "Rex") or thing kinds ("bicycle", unique per
 * world); values are plain words or numbers ("red", "garden", "9", "Mia").
 */
public record Fact(String subject, Relation relation, String value) {}
