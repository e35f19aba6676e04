package dev.jgpt.data;

import dev.jgpt.data.synth.Corpus;
import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.testutil.SharedData;
import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class PrepareTest {
    @TempDir Path tmp;
    final ByteTokenizer tok = new ByteTokenizer();

    @Test
    void embeddedCorpusToShardsAndBack() throws IOException {
        String text = Corpus.generate(1, 200_000, CorpusMix.DEFAULT, Corpus.END_OF_TEXT);
        Prepare.Summary s = Prepare.prepare(text, tok, tmp, 0.1);
        assertEquals(text.length(), s.chars());
        assertEquals(tok.encode(text).length, s.tokens());
        assertEquals("uint16", s.dtype());
        assertEquals(257, s.vocabSize());
        TokenShards shards = TokenShards.open(tmp, TokenizerInfo.of(tok));
        int[] all = new int[(int) s.tokens()];
        shards.train().copy(0, all, 0, (int) shards.train().size());
        shards.val().copy(0, all, (int) shards.train().size(), (int) shards.val().size());
        assertEquals(text, tok.decode(all));
        assertTrue(java.util.Arrays.stream(all).anyMatch(id -> id == ByteTokenizer.EOT_ID), "separator encoded as the special token");
        assertTrue(s.toString().contains("train"), s.toString());
    }

    @Test
    void emptyTextAndBadFractionAreUserErrors() {
        assertThrows(UserException.class, () -> Prepare.prepare("", tok, tmp, 0.1));
        assertThrows(UserException.class, () -> Prepare.prepare("abc", tok, tmp, 1.5));
    }

    @Test
    void fingerprintTellsTokenizersApart() {
        assertEquals(TokenizerInfo.fingerprint(tok), TokenizerInfo.fingerprint(new ByteTokenizer()));
        ByteTokenizer other = new ByteTokenizer() {
            @Override public byte[] tokenBytes(int id) { return id == 65 ? new byte[] {66} : super.tokenBytes(id); }
        };
        assertNotEquals(TokenizerInfo.fingerprint(tok), TokenizerInfo.fingerprint(other));
    }

    @Test
    void tinyShakespeareLikeNanoGpt() throws IOException {
        Path file = SharedData.require("tinyshakespeare.txt");
        String text = TextLoader.loadFile(file);
        Prepare.Summary s = Prepare.prepare(text, tok, tmp, 0.1);
        assertEquals(1_115_394, s.chars());
        assertEquals((long) Math.floor(s.tokens() * 0.9), s.trainTokens());
        TokenShards shards = TokenShards.open(tmp);
        BatchSampler sampler = new BatchSampler(shards.train(), 4, 64, 1337);
        Batch b = sampler.next();
        assertEquals(256, b.x().length);
        assertTrue(text.startsWith("First Citizen:"));
        assertEquals('F', shards.train().get(0));
    }
}
