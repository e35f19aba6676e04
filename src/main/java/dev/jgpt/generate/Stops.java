package dev.jgpt.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * How a continuation ends and is cut: stop strings (not part of the text), end tokens (not
 * part of the text either), and whether whitespace at the start of the text is dropped (a
 * prompt that ends in "Assistant:" is continued with " Hello", which a reader sees as "Hello").
 */
public record Stops(List<String> strings, int[] tokenIds, boolean trimLeading) {
    public Stops {
        strings = strings == null ? List.of() : List.copyOf(strings);
        tokenIds = tokenIds == null ? new int[0] : tokenIds.clone();
    }

    /** Stop strings only, plus the end-of-text token when the tokenizer has one (-1: none). */
    public static Stops of(List<String> strings, int eotId) {
        return new Stops(strings, eotId >= 0 ? new int[]{eotId} : new int[0], false);
    }

    /** These stops plus more stop strings. */
    public Stops withStrings(List<String> more) {
        List<String> all = new ArrayList<>(strings);
        if (more != null) for (String s : more) if (!all.contains(s)) all.add(s);
        return new Stops(all, tokenIds, trimLeading);
    }
}
