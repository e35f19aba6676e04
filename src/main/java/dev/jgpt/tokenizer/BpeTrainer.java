package dev.jgpt.tokenizer;

import dev.jgpt.util.UserException;

import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.regex.Matcher;

/**
 * Byte-level BPE training. The corpus is read once to count pre-tokenised words; merges
 * then work on the unique words only, and each merge updates pair counts incrementally in
 * just the words that contain the merged pair (an index from pair to words), so the cost
 * per merge is proportional to what it changes, not to the corpus.
 */
final class BpeTrainer {
    /** Count of one adjacent pair over the corpus, and the words that (may) contain it. */
    private static final class Pair {
        final int a, b;
        long count;
        final IntList words = new IntList(4);  // ascending word indices; may hold stale ones
        int touchedAt = -1;

        Pair(int a, int b) { this.a = a; this.b = b; }
    }

    /** A priority-queue snapshot; stale when the pair's count has changed since. */
    private record Entry(long count, Pair pair) {}

    // Highest count first; ties to the smaller ids so that training is deterministic.
    private static final Comparator<Entry> ORDER = Comparator.comparingLong((Entry e) -> -e.count)
            .thenComparingInt(e -> e.pair.a).thenComparingInt(e -> e.pair.b);

    private final Map<Long, Pair> pairs = new HashMap<>();
    private final List<Pair> touched = new ArrayList<>();
    private int[][] words;
    private int[] lengths;
    private long[] freqs;
    private int step;

    static BpeTokenizer train(Iterable<String> corpus, int vocabSize, List<String> specialTokens, boolean splitDigits) {
        SpecialTokens probe = SpecialTokens.appended(specialTokens, 0);
        int target = vocabSize - probe.size();
        if (target < 256)
            throw new UserException("vocabulary size " + vocabSize + " is too small: byte-level BPE needs 256 byte tokens"
                    + (probe.size() > 0 ? " + " + probe.size() + " special tokens" : ""));
        return new BpeTrainer().run(countWords(corpus, probe, splitDigits), target, specialTokens);
    }

    private static Map<String, long[]> countWords(Iterable<String> corpus, SpecialTokens specials, boolean splitDigits) {
        java.util.regex.Pattern split = splitDigits ? BpeTokenizer.DIGIT_SPLIT : BpeTokenizer.GPT2_SPLIT;
        Map<String, long[]> counts = new HashMap<>();
        for (String doc : corpus)
            for (String part : specials.split(doc)) {
                Matcher m = split.matcher(part);
                while (m.find()) counts.computeIfAbsent(m.group(), k -> new long[1])[0]++;
            }
        return counts;
    }

    private BpeTokenizer run(Map<String, long[]> wordCounts, int target, List<String> specialTokens) {
        int n = wordCounts.size();
        words = new int[n][];
        lengths = new int[n];
        freqs = new long[n];
        int w = 0;
        for (Map.Entry<String, long[]> e : wordCounts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            words[w] = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) words[w][i] = bytes[i] & 0xFF;  // id of byte b is b
            lengths[w] = bytes.length;
            freqs[w] = e.getValue()[0];
            w++;
        }
        List<byte[]> tokens = new ArrayList<>();
        Map<String, Integer> idOf = new HashMap<>();  // token bytes (as ISO-8859-1 text) -> id
        for (int b = 0; b < 256; b++) {
            tokens.add(new byte[] {(byte) b});
            idOf.put(latin1(tokens.get(b)), b);
        }
        for (w = 0; w < n; w++)
            for (int i = 0; i + 1 < lengths[w]; i++) change(words[w][i], words[w][i + 1], freqs[w], w);
        PriorityQueue<Entry> queue = new PriorityQueue<>(ORDER);
        for (Pair p : pairs.values()) queue.add(new Entry(p.count, p));

        List<int[]> merges = new ArrayList<>();
        while (tokens.size() < target && !queue.isEmpty()) {
            Entry top = queue.poll();
            Pair p = top.pair;
            if (top.count != p.count) {  // lazily refresh a stale entry
                if (p.count > 0) queue.add(new Entry(p.count, p));
                continue;
            }
            byte[] merged = concat(tokens.get(p.a), tokens.get(p.b));
            // The same bytes can arise from two different pairs: reuse the id (as Hugging
            // Face does), so that token strings stay unique in vocab.json.
            Integer c = idOf.get(latin1(merged));
            if (c == null) {
                c = tokens.size();
                tokens.add(merged);
                idOf.put(latin1(merged), c);
            }
            merges.add(new int[] {p.a, p.b, c});
            step++;
            touched.clear();
            for (int k = 0; k < p.words.size(); k++) merge(p.words.get(k), p.a, p.b, c);
            pairs.remove(LongIntMap.pair(p.a, p.b));
            p.count = 0;
            for (Pair t : touched) if (t.count > 0) queue.add(new Entry(t.count, t));
        }
        return build(tokens, idOf, merges, specialTokens);
    }

    /** Replaces (a, b) by c in one word, left to right, adjusting the neighbouring pairs' counts. */
    private void merge(int w, int a, int b, int c) {
        int[] s = words[w];
        int len = lengths[w], o = 0;
        long f = freqs[w];
        for (int i = 0; i < len; ) {
            if (i + 1 < len && s[i] == a && s[i + 1] == b) {
                if (o > 0) {
                    change(s[o - 1], a, -f, w);
                    change(s[o - 1], c, f, w);
                }
                change(a, b, -f, w);
                if (i + 2 < len) {
                    change(b, s[i + 2], -f, w);
                    change(c, s[i + 2], f, w);
                }
                s[o++] = c;
                i += 2;
            } else {
                s[o++] = s[i++];
            }
        }
        lengths[w] = o;
    }

    private void change(int a, int b, long delta, int w) {
        Pair p = pairs.computeIfAbsent(LongIntMap.pair(a, b), k -> new Pair(a, b));
        p.count += delta;
        if (delta > 0) {
            if (p.words.size() == 0 || p.words.last() != w) p.words.add(w);
            if (p.touchedAt != step) {
                p.touchedAt = step;
                touched.add(p);
            }
        }
    }

    private static BpeTokenizer build(List<byte[]> tokens, Map<String, Integer> idOf, List<int[]> merges,
                                      List<String> specialTokens) {
        SpecialTokens specials = SpecialTokens.appended(specialTokens, tokens.size());
        for (String s : specialTokens) {
            // vocab.json holds specials and byte-level tokens in one map: their strings must differ.
            byte[] asToken = ByteLevel.decode(s);
            if (asToken != null && idOf.containsKey(latin1(asToken)))
                throw new UserException("special token '" + s + "' is also an ordinary token; use a marker that"
                        + " cannot occur in text, such as <|name|>");
        }
        byte[][] all = new byte[tokens.size() + specials.size()][];
        for (int i = 0; i < tokens.size(); i++) all[i] = tokens.get(i);
        specials.map().forEach((s, id) -> all[id] = s.getBytes(StandardCharsets.UTF_8));
        return new BpeTokenizer("bpe", all, merges.toArray(new int[0][]), specials);
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    private static String latin1(byte[] bytes) { return new String(bytes, StandardCharsets.ISO_8859_1); }
}
