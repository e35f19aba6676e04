package dev.jgpt.data.synth;

import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

class CorpusTest {
    @Test
    void sameSeedSameBytesDifferentSeedDifferentText() {
        String a = Corpus.generate(42, 300_000), b = Corpus.generate(42, 300_000), c = Corpus.generate(43, 300_000);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertTrue(a.length() >= 300_000 && a.length() < 301_000, "stops at the first document end past the target: " + a.length());
        assertTrue(Corpus.generate(42, 100_000).equals(a.substring(0, Corpus.generate(42, 100_000).length())), "a prefix of a longer corpus");
    }

    @Test
    void separatorIsAParameterAndNeverInsideADocument() {
        String eot = Corpus.generate(7, 100_000, CorpusMix.DEFAULT, Corpus.END_OF_TEXT);
        Iterator<Document> docs = Corpus.documents(7, CorpusMix.DEFAULT);
        StringBuilder expected = new StringBuilder();
        while (expected.length() < 100_000) {
            String t = docs.next().text();
            assertFalse(t.contains("\n\n") || t.contains(Corpus.END_OF_TEXT) || t.isBlank(), t);
            expected.append(t).append(Corpus.END_OF_TEXT);
        }
        assertEquals(expected.toString(), eot);
        // The same documents; the longer separator reaches the target with fewer of them.
        assertTrue(Corpus.generate(7, 100_000).startsWith(eot.replace(Corpus.END_OF_TEXT, Corpus.DEFAULT_SEPARATOR)));
    }

    @Test
    void mixWeightsAreRespected() {
        Iterator<Document> docs = Corpus.documents(1, CorpusMix.parse("facts=1,dialogue=3"));
        Map<String, Integer> n = new java.util.TreeMap<>();
        for (int i = 0; i < 4000; i++) n.merge(docs.next().source(), 1, Integer::sum);
        assertEquals(Set.of("facts", "dialogue"), n.keySet());
        assertEquals(3.0, n.get("dialogue") / (double) n.get("facts"), 0.4);
    }

    @Test
    void vocabularyIsSmallAndCharactersFew() {
        String text = Corpus.generate(3, 2_000_000);
        Set<String> words = new TreeSet<>();
        for (String w : text.split("[^A-Za-z]+")) if (!w.isEmpty()) words.add(w.toLowerCase());
        assertTrue(words.size() >= 150 && words.size() <= 400, words.size() + " distinct words: " + words);
        assertTrue(text.chars().distinct().count() <= 80);
    }

    @Test
    void generatesSeveralMegabytesQuickly() {
        Corpus.generate(0, 500_000);  // warm up the JIT
        long t0 = System.nanoTime();
        String text = Corpus.generate(1, 4_000_000);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("corpus: %.1f MB in %.2f s (%.1f MB/s)%n", text.length() / 1e6, s, text.length() / 1e6 / s);
        assertTrue(s < 20, "4 MB took " + s + " s");  // generous: CI machines are shared
    }

    @Test
    void newGeneratorsRegisterByName() {
        String name = "echo-test";
        if (!CorpusGenerators.isRegistered(name)) {
            CorpusGenerators.register(name, w -> new CorpusGenerator() {
                @Override public String name() { return name; }
                @Override public Document generate(Random rng) {
                    return new Document(name, "Echo " + w.people().get(rng.nextInt(w.people().size())).name() + ".", Map.of());
                }
            });
        }
        assertTrue(CorpusGenerators.names().containsAll(Set.of("facts", "arithmetic", "dialogue", name)));
        String text = Corpus.generate(5, 1000, CorpusMix.of(name, 1), "\n");
        assertTrue(text.startsWith("Echo "), text);
        assertThrows(IllegalArgumentException.class, () -> CorpusGenerators.register(name, w -> null));
        UserException e = assertThrows(UserException.class, () -> Corpus.generate(5, 10, CorpusMix.of("nope", 1), "\n"));
        assertTrue(e.getMessage().contains("unknown corpus generator 'nope'") && e.getMessage().contains("facts"), e.getMessage());
    }

    @Test
    void mixParsesAndPrints() {
        CorpusMix m = CorpusMix.parse("facts=3, arithmetic=1.5");
        assertEquals("facts=3,arithmetic=1.5", m.toString());
        assertEquals(m, CorpusMix.parse(m.toString()));
        assertEquals("facts=3,arithmetic=1.5,dialogue=2", m.with("dialogue", 2).toString());
        assertThrows(UserException.class, () -> CorpusMix.parse("facts"));
        assertThrows(UserException.class, () -> CorpusMix.parse("facts=x"));
        assertThrows(UserException.class, () -> CorpusMix.parse("facts=0"));
    }
}
