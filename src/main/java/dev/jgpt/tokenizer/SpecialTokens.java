package dev.jgpt.tokenizer;

import dev.jgpt.util.UserException;

import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tokenizer's special tokens (e.g. {@code <|endoftext|>}) and the literal matcher that
 * splits text around them. Text between matches is handed to the tokenizer's ordinary
 * encoder as a region, so a pre-tokenizer never sees across a special token (as tiktoken).
 */
final class SpecialTokens {
    static final String EOT = "<|endoftext|>";

    /** Encodes {@code text[start, end)} as ordinary text, appending ids to {@code out}. */
    interface OrdinaryEncoder { void encode(String text, int start, int end, IntList out); }

    private final Map<String, Integer> ids;
    private final Map<Integer, String> byId = new HashMap<>();
    private final Pattern pattern;

    SpecialTokens(Map<String, Integer> ids) {
        this.ids = Collections.unmodifiableMap(new LinkedHashMap<>(ids));
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            if (e.getKey().isEmpty()) throw new UserException("special tokens must be non-empty");
            byId.put(e.getValue(), e.getKey());
        }
        // Longest first, so that a special token that extends another one wins.
        List<String> sorted = new ArrayList<>(ids.keySet());
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        StringJoiner alt = new StringJoiner("|");
        for (String s : sorted) alt.add(Pattern.quote(s));
        pattern = sorted.isEmpty() ? null : Pattern.compile(alt.toString());
    }

    /** Assigns ids {@code firstId, firstId+1, ...} in list order; rejects duplicates. */
    static SpecialTokens appended(List<String> tokens, int firstId) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String t : tokens) {
            if (t == null || t.isEmpty()) throw new UserException("special tokens must be non-empty");
            if (m.putIfAbsent(t, firstId + m.size()) != null) throw new UserException("duplicate special token: " + t);
        }
        return new SpecialTokens(m);
    }

    Map<String, Integer> map() { return ids; }

    int size() { return ids.size(); }

    /** The special token with this id, or null. */
    String text(int id) { return byId.get(id); }

    int eotId() { return ids.getOrDefault(EOT, -1); }

    int[] encode(String text, OrdinaryEncoder ordinary) {
        IntList out = new IntList(Math.max(16, text.length() / 3));
        int pos = 0;
        if (pattern != null) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (m.start() > pos) ordinary.encode(text, pos, m.start(), out);
                out.add(ids.get(m.group()));
                pos = m.end();
            }
        }
        if (pos < text.length()) ordinary.encode(text, pos, text.length(), out);
        return out.toArray();
    }

    /** Removes special-token occurrences, so that training never learns from them. */
    List<String> split(String text) {
        if (pattern == null) return List.of(text);
        List<String> parts = new ArrayList<>();
        for (String p : pattern.split(text)) if (!p.isEmpty()) parts.add(p);
        return parts;
    }
}
