package dev.jgpt.data;

import dev.jgpt.util.UserException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class BatchSamplerTest {
    @TempDir Path tmp;
    TokenDataset ds;

    /** Token i is i mod 1000, so a window's start is readable from its first token. */
    @BeforeEach
    void setUp() throws IOException {
        int[] t = IntStream.range(0, 5000).map(i -> i % 1000).toArray();
        TokenDataset.write(tmp.resolve("train.bin"), t, 0, t.length, 1000);
        ds = TokenDataset.open(tmp.resolve("train.bin"));
    }

    @Test
    void yIsXShiftedByOne() {
        BatchSampler s = new BatchSampler(ds, 4, 16, 1);
        for (int k = 0; k < 20; k++) {
            Batch b = s.next();
            assertEquals(64, b.x().length);
            assertEquals(64, b.y().length);
            for (int row = 0; row < 4; row++) {
                for (int t = 0; t < 16; t++) {
                    int i = row * 16 + t;
                    assertEquals((b.x()[i] + 1) % 1000, b.y()[i], "y follows x");
                    if (t > 0) assertEquals(b.y()[i - 1], b.x()[i], "rows are contiguous windows");
                }
            }
        }
    }

    @Test
    void sameSeedSameBatchesDifferentSeedDifferent() {
        BatchSampler a = new BatchSampler(ds, 8, 32, 42), b = new BatchSampler(ds, 8, 32, 42), c = new BatchSampler(ds, 8, 32, 43);
        boolean differs = false;
        for (int k = 0; k < 10; k++) {
            Batch ba = a.next(), bb = b.next(), bc = c.next();
            assertArrayEquals(ba.x(), bb.x());
            assertArrayEquals(ba.y(), bb.y());
            differs |= !java.util.Arrays.equals(ba.x(), bc.x());
        }
        assertTrue(differs);
    }

    @Test
    void resumedRunSeesTheSameBatchesAsTheUninterruptedOne() {
        BatchSampler full = new BatchSampler(ds, 4, 8, 7);
        Batch[] uninterrupted = new Batch[30];
        for (int k = 0; k < 30; k++) uninterrupted[k] = full.next();
        assertEquals(30, full.step());

        BatchSampler resumed = new BatchSampler(ds, 4, 8, 7);
        resumed.seek(17);
        for (int k = 17; k < 30; k++) {
            assertEquals(k, resumed.step());
            assertArrayEquals(uninterrupted[k].x(), resumed.next().x(), "batch " + k);
        }
        assertArrayEquals(uninterrupted[5].y(), new BatchSampler(ds, 4, 8, 7).batchAt(5).y());
    }

    @Test
    void consecutiveBatchesDiffer() {
        BatchSampler s = new BatchSampler(ds, 4, 8, 7);
        assertFalse(java.util.Arrays.equals(s.next().x(), s.next().x()));
    }

    @Test
    void windowsCoverTheWholeDatasetIncludingTheLastToken() throws IOException {
        int[] t = IntStream.range(0, 12).toArray();
        TokenDataset.write(tmp.resolve("tiny.bin"), t, 0, t.length, 12);
        BatchSampler s = new BatchSampler(TokenDataset.open(tmp.resolve("tiny.bin")), 16, 11, 3);
        for (int k = 0; k < 50; k++) {
            Batch b = s.next();
            for (int i = 0; i < b.x().length; i++) assertEquals(b.x()[i] + 1, b.y()[i]);
        }
        // 12 tokens and block 11: the only windows start at 0 and 1, so 11 is always reachable.
        Batch b = s.batchAt(0);
        for (int row = 0; row < 16; row++) assertTrue(b.x()[row * 11] <= 1);
    }

    @Test
    void corpusSmallerThanBlockPlusOneIsAUserError() throws IOException {
        TokenDataset.write(tmp.resolve("small.bin"), new int[10], 0, 10, 5);
        TokenDataset small = TokenDataset.open(tmp.resolve("small.bin"));
        UserException e = assertThrows(UserException.class, () -> new BatchSampler(small, 2, 10, 1));
        assertTrue(e.getMessage().startsWith("corpus too small: 10 tokens, need at least blockSize+1 = 11"), e.getMessage());
        assertDoesNotThrow(() -> new BatchSampler(small, 2, 9, 1).next());
        assertThrows(UserException.class, () -> new BatchSampler(ds, 0, 8, 1));
        assertThrows(UserException.class, () -> new BatchSampler(ds, 2, 0, 1));
    }
}
