package dev.jgpt.data.synth;

/** Tiny English helpers shared by the generators. */
final class Text {
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
}
