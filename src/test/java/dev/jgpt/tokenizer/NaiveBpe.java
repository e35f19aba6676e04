package dev.jgpt.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.regex.Matcher;

/**
 * GPT-2's encoder.py transcribed literally (strings, a min over all pairs, rescans): slow but
 * obviously right, to check the heap-based {@link BpeTokenizer#bpe} against.
 */
final class NaiveBpe {
    private final Map<String, Integer> vocab;
    private final Map<List<String>, Integer> ranks = new HashMap<>();

    NaiveBpe(BpeTokenizer t) {
        vocab = t.byteLevelVocab();
        List<String> merges = t.merges();
        for (int r = 0; r < merges.size(); r++) ranks.put(List.of(merges.get(r).split(" ")), r);
    }

    int[] encodeOrdinary(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = BpeTokenizer.GPT2_SPLIT.matcher(text);
        while (m.find())
            for (String tok : bpe(ByteLevel.encode(m.group().getBytes(StandardCharsets.UTF_8)))) out.add(vocab.get(tok));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private List<String> bpe(String token) {
        List<String> word = new ArrayList<>();
        for (char c : token.toCharArray()) word.add(String.valueOf(c));
        while (word.size() > 1) {
            List<String> best = null;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer r = ranks.get(List.of(word.get(i), word.get(i + 1)));
                if (r != null && r < bestRank) { bestRank = r; best = List.of(word.get(i), word.get(i + 1)); }
            }
            if (best == null) break;
            List<String> merged = new ArrayList<>();
            for (int i = 0; i < word.size(); ) {
                if (i + 1 < word.size() && word.get(i).equals(best.get(0)) && word.get(i + 1).equals(best.get(1))) {
                    merged.add(best.get(0) + best.get(1));
                    i += 2;
                } else {
                    merged.add(word.get(i++));
                }
            }
            word = merged;
        }
        return word;
    }
}
