package dev.jgpt.reason;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the final answer out of a model's text. Rules, in order:
 * <ol>
 *   <li>{@code #### N}: the number after the <em>first</em> {@code ####} that is followed by one
 *       (a model that keeps writing after its answer line invents more problems; the first
 *       answer line is the one that ends its own solution);</li>
 *   <li>"The answer is N" (first occurrence, any case);</li>
 *   <li>the last number in the text;</li>
 *   <li>otherwise an explicit {@link Source#NONE no answer}.</li>
 * </ol>
 * Numbers may carry thousands commas ({@code 1,234}), a sign, a dollar sign and decimals; a
 * minus directly after a digit is subtraction, not a sign ({@code 12-5} holds 12 and 5).
 * Answers compare in {@link #canonical} form, so {@code 1,000}, {@code 1000.00} and {@code $1000}
 * are the same answer.
 */
public final class Answers {
    public enum Source { HASHES, THE_ANSWER_IS, LAST_NUMBER, NONE }

    /** An extracted answer ({@code value} canonical), or {@link #NO_ANSWER}. */
    public record Extracted(String value, Source source) {
        public boolean answered() { return value != null; }
    }

    public static final Extracted NO_ANSWER = new Extracted(null, Source.NONE);

    // Sign only when not glued to a preceding digit/letter; grouped thousands before plain digits.
    private static final String NUM = "(?<![\\p{Alnum}.])-?\\$?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?![\\d,]*\\d)";
    private static final Pattern NUMBER = Pattern.compile(NUM);
    private static final Pattern HASHES = Pattern.compile("####[ \\t]*(-?\\$?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)");
    private static final Pattern THE_ANSWER_IS = Pattern.compile(
            "(?i)the (?:final )?answer is[ \\t:]*(-?\\$?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)");

    private Answers() {}

    public static Extracted extract(String text) {
        if (text == null || text.isEmpty()) return NO_ANSWER;
        Matcher m = HASHES.matcher(text);
        if (m.find()) return new Extracted(canonical(m.group(1)), Source.HASHES);
        m = THE_ANSWER_IS.matcher(text);
        if (m.find()) return new Extracted(canonical(m.group(1)), Source.THE_ANSWER_IS);
        m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) last = m.group();
        return last == null ? NO_ANSWER : new Extracted(canonical(last), Source.LAST_NUMBER);
    }

    /** {@code "1,000.50"} → {@code "1000.5"}, {@code "$-0"} → {@code "0"}; null when not a number. */
    public static String canonical(String number) {
        if (number == null) return null;
        String s = number.strip().replace(",", "").replace("$", "");
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        try {
            BigDecimal d = new BigDecimal(s).stripTrailingZeros();
            if (d.signum() == 0) return "0";
            return d.toPlainString();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
