package dev.jgpt.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-level BPE as in GPT-2: text is split by GPT-2's pre-tokenisation regex, each piece's
 * UTF-8 bytes start as byte tokens, and merges are applied lowest rank first. Anything
 * round-trips, since every byte has a token. Trained with {@link #train}, or loaded from
 * GPT-2's files by {@link Tokenizers}. Thread-safe.
 */
public final class BpeTokenizer implements Tokenizer {
    /**
     * GPT-2's split pattern. UNICODE_CHARACTER_CLASS makes {@code \s} Unicode White_Space as in
     * the Python {@code regex} module GPT-2 used (Java's default \s is ASCII only, which would
     * split e.g. U+3000 differently).
     */
    static final Pattern GPT2_SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);
    /**
     * Training-time split that keeps every digit a piece of its own, so no merge ever joins two
     * digits and numbers are read digit by digit (as LLaMA's tokenizer does; it helps arithmetic).
     * Encoding needs no flag: with no digit-digit merges, GPT-2's split gives the same tokens.
     */
    static final Pattern DIGIT_SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final int CACHE_LIMIT = 500_000;

    private final String kind;
    private final byte[][] tokens;          // id -> bytes (specials: their UTF-8)
    private final int[] byteIds = new int[256];
    private final int[] mergeLeft, mergeRight, mergeResult;  // by rank
    private final LongIntMap ranks;         // (left, right) -> rank
    private final SpecialTokens specials;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /** {@code merges[r] = {left, right, result}} for rank r. */
    BpeTokenizer(String kind, byte[][] tokens, int[][] merges, SpecialTokens specials) {
        this.kind = kind;
        this.tokens = tokens;
        this.specials = specials;
        Arrays.fill(byteIds, -1);
        for (int id = tokens.length - 1; id >= 0; id--)
            if (tokens[id].length == 1 && specials.text(id) == null) byteIds[tokens[id][0] & 0xFF] = id;
        for (int b = 0; b < 256; b++)
            if (byteIds[b] < 0) throw new IllegalArgumentException("no token for byte " + b);
        mergeLeft = new int[merges.length];
        mergeRight = new int[merges.length];
        mergeResult = new int[merges.length];
        ranks = new LongIntMap(merges.length);
        for (int r = 0; r < merges.length; r++) {
            mergeLeft[r] = merges[r][0];
            mergeRight[r] = merges[r][1];
            mergeResult[r] = merges[r][2];
            ranks.put(LongIntMap.pair(mergeLeft[r], mergeRight[r]), r);  // a repeated pair keeps its last rank, as GPT-2's dict does
        }
    }

    /** Trains on one text; see {@link #train(Iterable, int, List)}. */
    public static BpeTokenizer train(String corpus, int vocabSize, List<String> specialTokens) {
        return train(List.of(corpus), vocabSize, specialTokens);
    }

    /**
     * Learns merges until the vocabulary (256 byte tokens + merges + special tokens) reaches
     * {@code vocabSize}, or fewer when the corpus runs out of pairs. Each element is
     * pre-tokenised separately (documents, lines...); special-token text is not learned.
     * Deterministic: frequency ties go to the pair with the smaller ids.
     */
    public static BpeTokenizer train(Iterable<String> corpus, int vocabSize, List<String> specialTokens) {
        return BpeTrainer.train(corpus, vocabSize, specialTokens, false);
    }

    /** As {@link #train(Iterable, int, List)}; with {@code splitDigits} no merge joins two digits. */
    public static BpeTokenizer train(Iterable<String> corpus, int vocabSize, List<String> specialTokens, boolean splitDigits) {
        return BpeTrainer.train(corpus, vocabSize, specialTokens, splitDigits);
    }

    @Override public int[] encode(String text) { return specials.encode(text, this::encodeRange); }

    @Override public int[] encodeOrdinary(String text) {
        IntList out = new IntList(Math.max(16, text.length() / 3));
        encodeRange(text, 0, text.length(), out);
        return out.toArray();
    }

    private void encodeRange(String text, int start, int end, IntList out) {
        Matcher m = GPT2_SPLIT.matcher(text).region(start, end);
        while (m.find()) {
            String word = m.group();
            int[] ids = cache.get(word);
            if (ids == null) {
                ids = bpe(word.getBytes(StandardCharsets.UTF_8));
                if (cache.size() >= CACHE_LIMIT) cache.clear();  // bound memory on huge corpora
                cache.put(word, ids);
            }
            out.addAll(ids);
        }
    }

    /**
     * GPT-2's word algorithm: repeatedly take the lowest-ranked adjacent pair and merge all
     * its occurrences left to right. A heap of (rank, position) with a linked list of symbols
     * keeps long words (e.g. a line of Chinese) at n log n instead of GPT-2's n^2.
     */
    int[] bpe(byte[] bytes) {
        int n = bytes.length;
        int[] ids = new int[n], next = new int[n], prev = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = byteIds[bytes[i] & 0xFF];
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) offer(heap, ids, i, i + 1);
        IntList phase = new IntList();
        int alive = n;
        while (!heap.isEmpty()) {
            // Collect every occurrence of the best pair first: pairs that its merges create
            // must wait for the next round even if they rank lower, exactly as in GPT-2.
            long rank = heap.peek() >>> 32;
            phase.clear();
            while (!heap.isEmpty() && heap.peek() >>> 32 == rank) phase.add((int) heap.poll());
            int r = (int) rank, left = mergeLeft[r], right = mergeRight[r];
            for (int k = 0; k < phase.size(); k++) {
                int p = phase.get(k), q = next[p];
                if (ids[p] != left || q < 0 || ids[q] != right) continue;  // overlapped or stale
                ids[p] = mergeResult[r];
                ids[q] = -1;
                next[p] = next[q];
                if (next[q] >= 0) prev[next[q]] = p;
                alive--;
                if (prev[p] >= 0) offer(heap, ids, prev[p], p);
                if (next[p] >= 0) offer(heap, ids, p, next[p]);
            }
        }
        int[] out = new int[alive];
        for (int p = 0, k = 0; p >= 0; p = next[p]) out[k++] = ids[p];
        return out;
    }

    private void offer(LongHeap heap, int[] ids, int p, int q) {
        int rank = ranks.get(LongIntMap.pair(ids[p], ids[q]), -1);
        if (rank >= 0) heap.add(((long) rank << 32) | p);
    }

    @Override public String decode(int[] ids) {
        // Decoding the joined bytes (not token by token) keeps characters split across tokens intact.
        ByteBuffer buf = ByteBuffer.allocate(byteLength(ids));
        for (int id : ids) buf.put(bytes(id));
        buf.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(buf).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(e);  // cannot happen with REPLACE
        }
    }

    private int byteLength(int[] ids) {
        int n = 0;
        for (int id : ids) n += bytes(id).length;
        return n;
    }

    private byte[] bytes(int id) {
        if (id < 0 || id >= tokens.length)
            throw new UserException("token id " + id + " is out of range for a vocabulary of " + tokens.length);
        return tokens[id];
    }

    @Override public byte[] tokenBytes(int id) { return bytes(id).clone(); }

    @Override public int vocabSize() { return tokens.length; }

    @Override public Map<String, Integer> specialTokens() { return specials.map(); }

    @Override public int eotId() { return specials.eotId(); }

    @Override public String kind() { return kind; }

    public int mergeCount() { return mergeLeft.length; }

    /** Merges in rank order as merges.txt lines ({@code "Ġ t"}: GPT-2's byte-to-char form). */
    public List<String> merges() {
        List<String> out = new ArrayList<>(mergeLeft.length);
        for (int r = 0; r < mergeLeft.length; r++)
            out.add(ByteLevel.encode(tokens[mergeLeft[r]]) + " " + ByteLevel.encode(tokens[mergeRight[r]]));
        return out;
    }

    /** Ordinary (non-special) tokens as GPT-2 byte-to-char strings, in id order. */
    Map<String, Integer> byteLevelVocab() {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int id = 0; id < tokens.length; id++)
            if (specials.text(id) == null) vocab.put(ByteLevel.encode(tokens[id]), id);
        return vocab;
    }

    /**
     * Writes tokenizer.json (self-contained) and, for Python tools such as Hugging Face's
     * GPT2Tokenizer, vocab.json + merges.txt with the same ids.
     */
    @Override public void save(Path dir) throws IOException {
        Map<String, Integer> vocab = byteLevelVocab();
        List<String> merges = merges();
        ObjectNode root = TokenizerFiles.header(kind, vocabSize(), specials.map());
        vocab.forEach(root.putObject("vocab")::put);
        merges.forEach(root.putArray("merges")::add);
        TokenizerFiles.writeJson(dir.resolve(TokenizerFiles.TOKENIZER_JSON), root);
        Map<String, Integer> withSpecials = new LinkedHashMap<>(vocab);
        withSpecials.putAll(specials.map());
        TokenizerFiles.writeVocab(dir.resolve(TokenizerFiles.VOCAB_JSON), withSpecials);
        TokenizerFiles.writeMerges(dir.resolve(TokenizerFiles.MERGES_TXT), merges);
    }

    static BpeTokenizer fromJson(String kind, ObjectNode root, Path file) {
        Map<String, Integer> vocab = TokenizerFiles.intMap(root.get("vocab"), "vocab", file);
        List<String> lines = TokenizerFiles.stringList(root, "merges", file);
        return fromStrings(kind, vocab, TokenizerFiles.parseMerges(lines, 0, file), TokenizerFiles.specials(root, file), file, file);
    }

    /**
     * Loads OpenAI's encoder.json + vocab.bpe or Hugging Face's vocab.json + merges.txt (same
     * content). Vocabulary entries that are neither a byte nor a merge result, such as
     * {@code <|endoftext|>}, become special tokens.
     */
    static BpeTokenizer fromVocabFiles(Path vocabFile, Path mergesFile) {
        Map<String, Integer> vocab = TokenizerFiles.readVocab(vocabFile);
        List<String[]> merges = TokenizerFiles.readMerges(mergesFile);
        Set<String> reachable = new HashSet<>();
        for (int b = 0; b < 256; b++) reachable.add(String.valueOf(ByteLevel.charOf(b)));
        for (String[] m : merges) reachable.add(m[0] + m[1]);
        Map<String, Integer> specials = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : vocab.entrySet())
            if (!reachable.contains(e.getKey())) specials.put(e.getKey(), e.getValue());
        vocab.keySet().removeAll(specials.keySet());
        boolean gpt2 = vocab.size() + specials.size() == 50257 && Integer.valueOf(50256).equals(specials.get(SpecialTokens.EOT));
        return fromStrings(gpt2 ? "gpt2" : "bpe", vocab, merges, specials, vocabFile, mergesFile);
    }

    /** Builds from byte-level token strings; the paths name the sources in errors. */
    static BpeTokenizer fromStrings(String kind, Map<String, Integer> vocab, List<String[]> merges,
                                    Map<String, Integer> specials, Path vocabFile, Path mergesFile) {
        for (String s : specials.keySet())
            if (vocab.containsKey(s))
                throw new UserException("corrupt tokenizer file " + vocabFile + ": special token '" + s + "' is also an ordinary token");
        int n = vocab.size() + specials.size();
        List<Integer> allIds = new ArrayList<>(vocab.values());
        allIds.addAll(specials.values());
        TokenizerFiles.checkIds(allIds, 0, n, vocabFile);
        byte[][] tokens = new byte[n][];
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            tokens[e.getValue()] = ByteLevel.decode(e.getKey());
            if (tokens[e.getValue()] == null)
                throw new UserException("corrupt tokenizer file " + vocabFile + ": token '" + e.getKey() + "' is not a byte-level token");
        }
        specials.forEach((s, id) -> tokens[id] = s.getBytes(StandardCharsets.UTF_8));
        int[][] mergeIds = new int[merges.size()][];
        for (int r = 0; r < mergeIds.length; r++) {
            String[] m = merges.get(r);
            Integer a = vocab.get(m[0]), b = vocab.get(m[1]), c = vocab.get(m[0] + m[1]);
            if (a == null || b == null || c == null)
                throw new UserException("corrupt tokenizer file " + mergesFile + ": merge " + (r + 1) + " '" + m[0] + " " + m[1]
                        + "' uses a token missing from the vocabulary");
            mergeIds[r] = new int[] {a, b, c};
        }
        try {
            return new BpeTokenizer(kind, tokens, mergeIds, new SpecialTokens(specials));
        } catch (IllegalArgumentException e) {
            throw new UserException("corrupt tokenizer file " + vocabFile + ": " + e.getMessage());
        }
    }
}
