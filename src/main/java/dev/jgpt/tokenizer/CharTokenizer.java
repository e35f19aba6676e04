package dev.jgpt.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.*;

/**
 * Character-level tokenizer: one id per Unicode code point seen in the corpus (sorted, so
 * the vocabulary does not depend on corpus order), then the special tokens. Code points,
 * not UTF-16 chars, so a Chinese character or an emoji is one token.
 */
public final class CharTokenizer implements Tokenizer {
    private final int[] codePoints;       // sorted; id = index
    private final SpecialTokens specials;

    CharTokenizer(int[] sortedCodePoints, SpecialTokens specials) {
        this.codePoints = sortedCodePoints;
        this.specials = specials;
    }

    /** Builds the vocabulary from every code point in {@code corpus}; special-token text is not counted. */
    public static CharTokenizer fromCorpus(String corpus, List<String> specialTokens) {
        return fromCorpus(List.of(corpus), specialTokens);
    }

    public static CharTokenizer fromCorpus(Iterable<String> corpus, List<String> specialTokens) {
        SpecialTokens probe = SpecialTokens.appended(specialTokens, 0);
        BitSet seen = new BitSet();
        for (String doc : corpus)
            for (String part : probe.split(doc)) part.codePoints().forEach(seen::set);
        int[] cps = seen.stream().toArray();
        return new CharTokenizer(cps, SpecialTokens.appended(specialTokens, cps.length));
    }

    @Override public int[] encode(String text) { return specials.encode(text, this::encodeRange); }

    @Override public int[] encodeOrdinary(String text) {
        IntList out = new IntList(text.length());
        encodeRange(text, 0, text.length(), out);
        return out.toArray();
    }

    private void encodeRange(String text, int start, int end, IntList out) {
        for (int i = start; i < end; ) {
            int cp = text.codePointAt(i);
            int id = Arrays.binarySearch(codePoints, cp);
            if (id < 0) {
                throw new UserException("character " + describe(cp) + " at position " + text.codePointCount(0, i)
                        + " is not in the char tokenizer's vocabulary of " + codePoints.length + " characters");
            }
            out.add(id);
            i += Character.charCount(cp);
        }
    }

    private static String describe(int cp) {
        String hex = String.format("U+%04X", cp);
        boolean visible = !Character.isISOControl(cp) && !Character.isWhitespace(cp) && Character.isDefined(cp)
                && !Character.isSurrogate((char) cp);
        return visible ? "'" + new String(Character.toChars(cp)) + "' (" + hex + ")" : hex;
    }

    @Override public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            if (id >= 0 && id < codePoints.length) sb.appendCodePoint(codePoints[id]);
            else sb.append(special(id));
        }
        return sb.toString();
    }

    @Override public byte[] tokenBytes(int id) {
        String s = id >= 0 && id < codePoints.length ? new String(Character.toChars(codePoints[id])) : special(id);
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String special(int id) {
        String s = specials.text(id);
        if (s == null) throw new UserException("token id " + id + " is out of range for a vocabulary of " + vocabSize());
        return s;
    }

    @Override public int vocabSize() { return codePoints.length + specials.size(); }

    @Override public Map<String, Integer> specialTokens() { return specials.map(); }

    @Override public int eotId() { return specials.eotId(); }

    @Override public String kind() { return "char"; }

    /** The vocabulary's code points in id order. */
    public int[] codePoints() { return codePoints.clone(); }

    @Override public void save(Path dir) throws IOException {
        ObjectNode root = TokenizerFiles.header("char", vocabSize(), specials.map());
        ArrayNode chars = root.putArray("chars");
        for (int cp : codePoints) chars.add(new String(Character.toChars(cp)));
        TokenizerFiles.writeJson(dir.resolve(TokenizerFiles.TOKENIZER_JSON), root);
    }

    /** Reads the {@code chars} and {@code special_tokens} of a tokenizer.json; {@code file} names it in errors. */
    static CharTokenizer fromJson(ObjectNode root, Path file) {
        List<String> chars = TokenizerFiles.stringList(root, "chars", file);
        int[] cps = new int[chars.size()];
        for (int i = 0; i < cps.length; i++) {
            String c = chars.get(i);
            if (c.isEmpty() || c.codePointCount(0, c.length()) != 1)
                throw new UserException("corrupt tokenizer file " + file + ": chars[" + i + "] is not one character");
            cps[i] = c.codePointAt(0);
            if (i > 0 && cps[i] <= cps[i - 1])
                throw new UserException("corrupt tokenizer file " + file + ": chars are not sorted and unique");
        }
        Map<String, Integer> sp = TokenizerFiles.specials(root, file);
        TokenizerFiles.checkIds(sp.values(), cps.length, cps.length + sp.size(), file);
        return new CharTokenizer(cps, new SpecialTokens(sp));
    }
}
