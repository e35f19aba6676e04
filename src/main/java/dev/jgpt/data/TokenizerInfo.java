package dev.jgpt.data;

import dev.jgpt.tokenizer.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a token dataset must know about its tokenizer: the kind, the vocabulary size and a
 * fingerprint (SHA-256 of every token's bytes and the special tokens), so training with a
 * different tokenizer than the one that prepared the data is caught instead of learning noise.
 */
public record TokenizerInfo(String kind, int vocabSize, String fingerprint) {
    public static TokenizerInfo of(Tokenizer tok) {
        return new TokenizerInfo(tok.kind(), tok.vocabSize(), fingerprint(tok));
    }

    public static String fingerprint(Tokenizer tok) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);  // every JDK ships SHA-256
        }
        md.update((tok.kind() + "\0" + tok.vocabSize() + "\0").getBytes(StandardCharsets.UTF_8));
        for (int id = 0; id < tok.vocabSize(); id++) {
            byte[] b = tok.tokenBytes(id);
            md.update(intBytes(b.length));  // length-prefixed, so token boundaries count
            md.update(b);
        }
        for (Map.Entry<String, Integer> e : new TreeMap<>(tok.specialTokens()).entrySet()) {
            md.update((e.getKey() + "\0" + e.getValue() + "\0").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
