package dev.jgpt.data.synth;

import java.util.List;

/** Tiny English helpers shared by the generators. */
public final class Text {
    private Text() {}

    /** "a bicycle", "an orange kite". */
    static String a(String word) {
        char c = Character.toLowerCase(word.charAt(0));
        return ("aeiou".indexOf(c) >= 0 ? "an " : "a ") + word;
    }

    static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String plural(String noun) {
        return noun.endsWith("x") ? noun + "es" : noun + "s";
    }

    /** "a", "a and b", "a, b and c". */
    public static String list(List<String> parts) {
        if (parts.size() == 1) return parts.get(0);
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
