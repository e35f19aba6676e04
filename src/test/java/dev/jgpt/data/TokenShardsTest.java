package dev.jgpt.data;

import dev.jgpt.util.UserException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class TokenShardsTest {
    @TempDir Path tmp;

    static final TokenizerInfo SMALL = new TokenizerInfo("test", 300, "fp-small");
    static final TokenizerInfo LARGE = new TokenizerInfo("test", 70_000, "fp-large");

    static int[] tokens(int n, int vocab, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        return IntStream.range(0, n).map(i -> r.nextInt(vocab)).toArray();
    }

    static int[] read(TokenDataset ds) {
        int[] out = new int[(int) ds.size()];
        ds.copy(0, out, 0, out.length);
        return out;
    }

    @Test
    void uint16RoundTripSplitsOffTheLastTenPercent() throws IOException {
        int[] t = tokens(1000, 300, 1);
        ShardMeta meta = TokenShards.write(tmp, t, SMALL, 0.1);
        assertEquals("uint16", meta.dtype());
        assertEquals(900, meta.trainTokens());
        assertEquals(100, meta.valTokens());
        TokenShards s = TokenShards.open(tmp);
        assertEquals(Dtype.UINT16, s.train().dtype());
        assertArrayEquals(java.util.Arrays.copyOfRange(t, 0, 900), read(s.train()));
        assertArrayEquals(java.util.Arrays.copyOfRange(t, 900, 1000), read(s.val()));
        assertEquals(32 + 900 * 2, Files.size(tmp.resolve(TokenShards.TRAIN)));
        assertEquals(meta, ShardMeta.read(tmp));
    }

    @Test
    void int32WhenTheVocabularyExceedsUint16() throws IOException {
        int[] t = tokens(500, 70_000, 2);
        t[0] = 69_999;
        t[1] = 65_536;
        TokenShards.write(tmp, IntStream.of(t), LARGE, 0.2);
        TokenShards s = TokenShards.open(tmp);
        assertEquals(Dtype.INT32, s.train().dtype());
        assertEquals("int32", s.meta().dtype());
        assertEquals(69_999, s.train().get(0));
        assertEquals(65_536, s.train().get(1));
        assertArrayEquals(java.util.Arrays.copyOfRange(t, 0, 400), read(s.train()));
        assertArrayEquals(java.util.Arrays.copyOfRange(t, 400, 500), read(s.val()));
    }

    @Test
    void uint16KeepsIdsAbove32767() throws IOException {
        TokenizerInfo tok = new TokenizerInfo("test", 65_536, "fp");
        int[] t = {0, 32_767, 32_768, 65_535};
        TokenDataset.write(tmp.resolve("x.bin"), t, 0, t.length, tok.vocabSize());
        TokenDataset ds = TokenDataset.open(tmp.resolve("x.bin"));
        assertEquals(Dtype.UINT16, ds.dtype());
        assertArrayEquals(t, read(ds));
    }

    @Property(tries = 50)
    void anyTokensRoundTrip(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 69_999) Integer> ids,
                            @ForAll boolean large, @ForAll @IntRange(min = 0, max = 9) int valTenths) throws IOException {
        int vocab = large ? 70_000 : 65_536;
        int[] t = ids.stream().mapToInt(i -> i % vocab).toArray();
        Path dir = Files.createTempDirectory("shards");
        try {
            TokenShards.write(dir, t, new TokenizerInfo("test", vocab, "fp"), valTenths / 10.0);
            TokenShards s = TokenShards.open(dir);
            int[] back = IntStream.concat(IntStream.of(read(s.train())), IntStream.of(read(s.val()))).toArray();
            assertArrayEquals(t, back);
            assertEquals(TokenShards.trainCount(t.length, valTenths / 10.0), s.train().size());
        } finally {
            for (String f : List.of(TokenShards.TRAIN, TokenShards.VAL, ShardMeta.FILE)) Files.deleteIfExists(dir.resolve(f));
            Files.delete(dir);
        }
    }

    @Test
    void randomAccessReadsTheMappedFile() throws IOException {
        int[] t = tokens(100_000, 300, 3);
        TokenShards.write(tmp, t, SMALL, 0.0);
        TokenDataset ds = TokenDataset.open(tmp.resolve(TokenShards.TRAIN));
        assertEquals(100_000, ds.size());
        assertEquals(0, TokenShards.open(tmp).val().size());
        for (long i : new long[] {0, 1, 4095, 65_537, 99_999}) assertEquals(t[(int) i], ds.get(i));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.get(100_000));
    }

    @Test
    void truncatedFileIsAClearError() throws IOException {
        TokenShards.write(tmp, tokens(1000, 300, 4), SMALL, 0.1);
        Path train = tmp.resolve(TokenShards.TRAIN);
        try (RandomAccessFile f = new RandomAccessFile(train.toFile(), "rw")) { f.setLength(f.length() - 3); }
        UserException e = assertThrows(UserException.class, () -> TokenDataset.open(train));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(train.toString()), e.getMessage());
        try (RandomAccessFile f = new RandomAccessFile(train.toFile(), "rw")) { f.setLength(10); }
        e = assertThrows(UserException.class, () -> TokenShards.open(tmp));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(train.toString()), e.getMessage());
    }

    @Test
    void foreignOrCorruptHeaderIsAClearError() throws IOException {
        Path f = tmp.resolve("x.bin");
        Files.write(f, new byte[64]);
        assertTrue(assertThrows(UserException.class, () -> TokenDataset.open(f)).getMessage().contains("not a jgpt token file"));
        TokenDataset.write(f, new int[] {1, 2, 3}, 0, 3, 300);
        byte[] b = Files.readAllBytes(f);
        b[12] = 3;  // bytes per token
        Files.write(f, b);
        UserException e = assertThrows(UserException.class, () -> TokenDataset.open(f));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(assertThrows(UserException.class, () -> TokenDataset.open(tmp.resolve("none.bin"))).getMessage().contains("none.bin"));
    }

    @Test
    void headerThatDisagreesWithMetaIsAnError() throws IOException {
        TokenShards.write(tmp, tokens(1000, 300, 5), SMALL, 0.1);
        TokenDataset.write(tmp.resolve(TokenShards.VAL), tokens(50, 300, 6), 0, 50, 300);
        UserException e = assertThrows(UserException.class, () -> TokenShards.open(tmp));
        assertTrue(e.getMessage().contains(TokenShards.VAL) && e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void idOutsideTheVocabularyIsReportedOnRead() throws IOException {
        Path f = tmp.resolve("x.bin");
        TokenDataset.write(f, new int[] {1, 2, 3}, 0, 3, 300);
        byte[] b = Files.readAllBytes(f);
        b[32 + 2] = (byte) 0xFF;
        b[32 + 3] = (byte) 0xFF;
        Files.write(f, b);
        UserException e = assertThrows(UserException.class, () -> TokenDataset.open(f).get(1));
        assertTrue(e.getMessage().contains("outside the vocabulary") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void corruptOrMissingMetaIsAClearError() throws IOException {
        assertTrue(assertThrows(UserException.class, () -> TokenShards.open(tmp)).getMessage().contains("meta.json"));
        TokenShards.write(tmp, tokens(100, 300, 7), SMALL, 0.1);
        Files.writeString(tmp.resolve(ShardMeta.FILE), "{\"format\": 1, \"dtype\": ");
        UserException e = assertThrows(UserException.class, () -> TokenShards.open(tmp));
        assertTrue(e.getMessage().startsWith("corrupt ") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void dataPreparedWithAnotherTokenizerIsRefused() throws IOException {
        TokenShards.write(tmp, tokens(100, 300, 8), SMALL, 0.1);
        assertEquals(100, TokenShards.open(tmp, SMALL).meta().trainTokens() + TokenShards.open(tmp, SMALL).meta().valTokens());
        UserException e = assertThrows(UserException.class, () -> TokenShards.open(tmp, new TokenizerInfo("test", 300, "other")));
        assertTrue(e.getMessage().contains("different tokenizer"), e.getMessage());
    }

    @Test
    void invalidValFractionIsAUserError() {
        assertThrows(UserException.class, () -> TokenShards.write(tmp, new int[10], SMALL, 1.0));
        assertThrows(UserException.class, () -> TokenShards.write(tmp, new int[10], SMALL, -0.1));
    }

    @Test
    void writingReplacesAnExistingDatasetWithoutLeftovers() throws IOException {
        TokenShards.write(tmp, tokens(1000, 300, 9), SMALL, 0.1);
        TokenShards.write(tmp, tokens(200, 300, 10), SMALL, 0.5);
        assertEquals(100, TokenShards.open(tmp).train().size());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("meta.json", "train.bin", "val.bin"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
