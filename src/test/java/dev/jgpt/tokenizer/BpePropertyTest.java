package dev.jgpt.tokenizer;

import net.jqwik.api.*;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Byte-level BPE: any valid Unicode string round-trips, whatever the training corpus saw. */
class BpePropertyTest {
    private static final BpeTokenizer T = BpeTokenizerTest.TRAINED;
    private static final NaiveBpe NAIVE = new NaiveBpe(T);

    @Provide
    Arbitrary<String> unicodeText() {
        Arbitrary<Integer> ascii = Arbitraries.integers().between(0x20, 0x7E);
        Arbitrary<Integer> space = Arbitraries.of(0x20, 0x20, 0x0A, 0x09, 0x0D, 0xA0, 0x3000, 0x2003, 0x0B, 0x85);
        Arbitrary<Integer> cjk = Arbitraries.integers().between(0x4E00, 0x9FFF);
        Arbitrary<Integer> emoji = Arbitraries.oneOf(Arbitraries.integers().between(0x1F300, 0x1FAFF),
                Arbitraries.of(0x200D, 0xFE0F, 0x20E3));
        // Any code point except lone surrogates, which are not valid text (no UTF-8 encoding).
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
        Arbitrary<Integer> cp = Arbitraries.frequencyOf(
                Tuple.of(5, ascii), Tuple.of(2, space), Tuple.of(2, cjk), Tuple.of(1, emoji), Tuple.of(2, any));
        return cp.list().ofMaxSize(60).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    @Property(tries = 400)
    void anyTextRoundTrips(@ForAll("unicodeText") String s) {
        assertEquals(s, T.decode(T.encode(s)));
    }

    @Property(tries = 200)
    void encodingEqualsGpt2sLiteralAlgorithm(@ForAll("unicodeText") String s) {
        assertArrayEquals(NAIVE.encodeOrdinary(s), T.encodeOrdinary(s));
    }

    @Property(tries = 200)
    void streamingDecodeEqualsDecode(@ForAll("unicodeText") String s) {
        StreamingDecoder d = new StreamingDecoder(T);
        StringBuilder sb = new StringBuilder();
        for (int id : T.encode(s)) {
            String piece = d.push(id);
            assertFalse(piece.contains("\uFFFD") && !s.contains("\uFFFD"), "no transient replacement characters");
            sb.append(piece);
        }
        sb.append(d.flush());
        assertEquals(s, sb.toString());
    }

    @Property(tries = 50)
    void trainingOnRandomTextRoundTrips(@ForAll("unicodeText") String a, @ForAll("unicodeText") String b) {
        String corpus = (a + b).repeat(3);
        BpeTokenizer t = BpeTokenizer.train(corpus, 300, List.of("<|endoftext|>"));
        assertTrue(t.vocabSize() <= 300);
        assertEquals(corpus, t.decode(t.encode(corpus)));
        assertEquals(b + a, t.decode(t.encode(b + a)));
    }
}
