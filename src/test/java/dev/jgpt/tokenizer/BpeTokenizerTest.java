package dev.jgpt.tokenizer;

import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.*;

import static org.junit.jupiter.api.Assertions.*;

class BpeTokenizerTest {
    static final BpeTokenizer TRAINED = BpeTokenizer.train(Samples.corpus(), 600, List.of("<|endoftext|>"));

    @Test
    void trainsToExactlyTheRequestedVocabularySize() {
        assertEquals(600, TRAINED.vocabSize());
        assertEquals(599, TRAINED.eotId());
        assertEquals(Map.of("<|endoftext|>", 599), TRAINED.specialTokens());
        assertEquals("bpe", TRAINED.kind());
        assertTrue(TRAINED.mergeCount() >= 600 - 256 - 1);
        for (int b = 0; b < 256; b++) assertArrayEquals(new byte[] {(byte) b}, TRAINED.tokenBytes(b), "id b is byte b");
    }

    @Test
    void roundTripsEnglishCodeChineseEmojiAndWhitespace() {
        List<String> texts = new ArrayList<>(Samples.all());
        texts.add("Ελληνικά и русский, नमस्ते — unseen scripts still round-trip byte by byte");
        texts.add("");
        for (String s : texts) {
            assertEquals(s, TRAINED.decode(TRAINED.encode(s)));
            assertEquals(s, TRAINED.decode(TRAINED.encodeOrdinary(s)));
        }
    }

    @Test
    void learnedMergesCompressTrainingText() {
        String s = " the tokenizer model and the byte pair encoding";
        int[] ids = TRAINED.encode(s);
        assertTrue(ids.length <= 10, "frequent corpus words become single tokens: " + Arrays.toString(ids));
        assertTrue(TRAINED.encode(Samples.CHINESE).length < Samples.CHINESE.getBytes(StandardCharsets.UTF_8).length / 2);
    }

    @Test
    void mergesFollowFrequencyThenSmallestIds() {
        // Pre-tokens "ab", " ab" x2, " cd": (a,b) 3 times, then (' ',ab) twice, then ties of 1
        // broken by ids: (' ', c) = (32, 99) before (c, d) = (99, 100). Then no pairs are left.
        BpeTokenizer t = BpeTokenizer.train("ab ab ab cd", 300, List.of());
        assertEquals(List.of("a b", "Ġ ab", "Ġ c", "Ġc d"), t.merges());
        assertEquals(260, t.vocabSize(), "stops early when the corpus has no pairs left");
        assertArrayEquals(new int[] {256, 257, 257, 259}, t.encode("ab ab ab cd"));
    }

    @Test
    void trainingIsDeterministicAndIndependentOfDocumentOrder() {
        List<String> docs = new ArrayList<>(Samples.corpus());
        BpeTokenizer again = BpeTokenizer.train(docs, 600, List.of("<|endoftext|>"));
        Collections.shuffle(docs, new Random(7));
        BpeTokenizer shuffled = BpeTokenizer.train(docs, 600, List.of("<|endoftext|>"));
        assertEquals(TRAINED.merges(), again.merges());
        assertEquals(TRAINED.merges(), shuffled.merges());
        assertArrayEquals(TRAINED.encode(Samples.ENGLISH), shuffled.encode(Samples.ENGLISH));
    }

    @Test
    void specialTokensAreSplitOutByEncodeOnlyAndNeverLearned() {
        BpeTokenizer t = BpeTokenizer.train("hello world<|endoftext|>".repeat(50), 300, List.of("<|endoftext|>"));
        for (String m : t.merges()) assertFalse(m.contains("<") || m.contains("|"), m);
        int eot = t.eotId();
        int[] ids = t.encode("hello<|endoftext|> world");
        assertEquals(1, Arrays.stream(ids).filter(i -> i == eot).count());
        assertEquals("hello<|endoftext|> world", t.decode(ids));
        assertTrue(Arrays.stream(t.encodeOrdinary("hello<|endoftext|>")).noneMatch(i -> i == eot));
        assertEquals("hello<|endoftext|>", t.decode(t.encodeOrdinary("hello<|endoftext|>")));
    }

    @Test
    void heapEncodingMatchesGpt2sLiteralAlgorithm() {
        NaiveBpe naive = new NaiveBpe(TRAINED);
        List<String> texts = new ArrayList<>(Samples.all());
        texts.addAll(Samples.corpus().subList(5, 40));
        texts.add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "the".repeat(300) + "明月".repeat(200));
        for (String s : texts) assertArrayEquals(naive.encodeOrdinary(s), TRAINED.encodeOrdinary(s), s);
        // Overlapping occurrences of a pair: "aaa" merges as (aa)a, left to right.
        BpeTokenizer a = BpeTokenizer.train("aa aa aa", 258, List.of());
        assertEquals(List.of("a a", "Ġ aa"), a.merges());
        assertArrayEquals(new int[] {256, 256, 'a'}, a.encode("aaaaa"));
    }

    @Test
    void tokenBytesConcatenateToTheUtf8OfTheText() {
        String s = Samples.EMOJI + Samples.CHINESE;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : TRAINED.encode(s)) out.writeBytes(TRAINED.tokenBytes(id));
        assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), out.toByteArray());
    }

    @Test
    void decodingACutCharacterGivesReplacementCharacter() {
        byte[] chuang = "床".getBytes(StandardCharsets.UTF_8);  // E5 BA 8A; ids 0..255 are the bytes
        String s = TRAINED.decode(new int[] {'a', chuang[0] & 0xFF, chuang[1] & 0xFF, 'b'});
        assertTrue(s.matches("a\uFFFD+b"), s);
        assertEquals("床", TRAINED.decode(new int[] {chuang[0] & 0xFF, chuang[1] & 0xFF, chuang[2] & 0xFF}));
        assertThrows(UserException.class, () -> TRAINED.decode(new int[] {600}));
    }

    @Test
    void rejectsAVocabularyTooSmallForTheBytes() {
        UserException e = assertThrows(UserException.class, () -> BpeTokenizer.train("abc", 256, List.of("<|endoftext|>")));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
        assertEquals(257, BpeTokenizer.train("abc", 257, List.of("<|endoftext|>")).vocabSize());
    }

    @Test
    void rejectsBadSpecialTokens() {
        assertThrows(UserException.class, () -> BpeTokenizer.train("abc", 300, List.of("<a>", "<a>")));
        assertThrows(UserException.class, () -> BpeTokenizer.train("abc", 300, List.of("")));
        // "Ā" is GPT-2's stand-in for byte 0, so vocab.json could not tell the two apart.
        UserException e = assertThrows(UserException.class, () -> BpeTokenizer.train("abc", 300, List.of("Ā")));
        assertTrue(e.getMessage().contains("also an ordinary token"), e.getMessage());
    }

    @Test
    void digitSplitTrainingNeverMergesDigitsAndEncodesLikeGpt2Split() {
        StringBuilder sb = new StringBuilder();
        java.util.Random rng = new java.util.Random(3);
        for (int i = 0; i < 3000; i++) sb.append("Mia has ").append(rng.nextInt(1000)).append(" apples and ").append(rng.nextInt(100)).append(" pears.\n");
        BpeTokenizer plain = BpeTokenizer.train(java.util.List.of(sb.toString()), 400, java.util.List.of(), false);
        BpeTokenizer digits = BpeTokenizer.train(java.util.List.of(sb.toString()), 400, java.util.List.of(), true);
        int multiDigit = 0;
        for (int id = 0; id < digits.vocabSize(); id++) {
            String t = digits.decode(new int[]{id});
            assertFalse(t.matches(".*\\d\\d.*"), "token joins digits: '" + t + "'");
        }
        for (int id = 0; id < plain.vocabSize(); id++) if (plain.decode(new int[]{id}).matches(".*\\d\\d.*")) multiDigit++;
        assertTrue(multiDigit > 10, "without the flag numbers merge (" + multiDigit + " multi-digit tokens)");
        int[] ids = digits.encode("Mia has 123 apples.");
        String[] pieces = java.util.Arrays.stream(ids).mapToObj(id -> digits.decode(new int[]{id})).toArray(String[]::new);
        assertTrue(java.util.Arrays.asList(pieces).containsAll(java.util.List.of("2", "3")), java.util.Arrays.toString(pieces));
        assertEquals("Mia has 123 apples.", digits.decode(ids));
    }
}
