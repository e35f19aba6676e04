package dev.jgpt.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test texts in several scripts, and a small generated training corpus (no shared data needed). */
final class Samples {
    private Samples() {}

    static final String ENGLISH = "The quick brown fox jumps over the lazy dog. It's 3:45pm; they've said we'll go!";
    static final String CODE = "public static int add(int a, int b) {\n\treturn a + b; // sum\n}\n"
            + "def f(x):\n    return {'k': [x, x ** 2]}\n";
    static final String CHINESE = "床前明月光，疑是地上霜。举头望明月，低头思故乡。";
    /** Includes multi-code-point emoji: a ZWJ family, a ZWJ flag, a skin-tone modifier, a keycap. */
    static final String EMOJI = "Hi 👋 🌍! 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽 1️⃣ 😀😃";
    static final String WHITESPACE = "  two\t\ttabs\r\nCRLF\n\n\n   \u00a0nbsp\u3000ideographic \u2003em   trailing   ";

    static List<String> all() { return List.of(ENGLISH, CODE, CHINESE, EMOJI, WHITESPACE); }

    /** About 60 KB of mixed English, code, Chinese and emoji, deterministic. */
    static List<String> corpus() {
        String[] words = {"the", "of", "and", "to", "in", "tokenizer", "model", "train", "Java", "byte", "pair",
                "encoding", "merge", "count", "word", "text", "say", "you", "it's", "we'll", "return", "int", "class"};
        String[] zh = {"明月", "故乡", "地上霜", "低头", "举头", "床前", "光", "春眠不觉晓"};
        String[] emoji = {"😀", "👍🏽", "👨‍👩‍👧‍👦", "🌍"};
        Random rnd = new Random(42);
        List<String> docs = new ArrayList<>(all());
        for (int d = 0; d < 200; d++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                int r = rnd.nextInt(20);
                if (r < 14) sb.append(' ').append(words[rnd.nextInt(words.length)]);
                else if (r < 17) sb.append(zh[rnd.nextInt(zh.length)]);
                else if (r < 18) sb.append(' ').append(emoji[rnd.nextInt(emoji.length)]);
                else if (r < 19) sb.append(' ').append(rnd.nextInt(1000));
                else sb.append(rnd.nextBoolean() ? ".\n" : ", ");
            }
            docs.add(sb.toString());
        }
        return docs;
    }
}
