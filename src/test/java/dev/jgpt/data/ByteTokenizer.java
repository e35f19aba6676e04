package dev.jgpt.data;

import dev.jgpt.tokenizer.Tokenizer;
import dev.jgpt.util.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Test-only tokenizer: UTF-8 bytes as ids 0..255, plus {@code <|endoftext|>} as 256. */
public class ByteTokenizer implements Tokenizer {
    static final String EOT = "<|endoftext|>";
    static final int EOT_ID = 256;

    @Override public int[] encode(String text) {
        java.util.List<Integer> list = new java.util.ArrayList<>();
        int from = 0;
        for (int at; (at = text.indexOf(EOT, from)) >= 0; from = at + EOT.length()) {
            for (int id : encodeOrdinary(text.substring(from, at))) list.add(id);
            list.add(EOT_ID);
        }
        for (int id : encodeOrdinary(text.substring(from))) list.add(id);
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override public int[] encodeOrdinary(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) ids[i] = b[i] & 0xFF;
        return ids;
    }

    @Override public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) out.writeBytes(tokenBytes(id));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override public byte[] tokenBytes(int id) {
        return id == EOT_ID ? EOT.getBytes(StandardCharsets.UTF_8) : new byte[] {(byte) id};
    }

    @Override public int vocabSize() { return 257; }
    @Override public Map<String, Integer> specialTokens() { return Map.of(EOT, EOT_ID); }
    @Override public int eotId() { return EOT_ID; }
    @Override public String kind() { return "bytes"; }
    @Override public void save(Path dir) throws java.io.IOException { AtomicFiles.writeString(dir.resolve("tokenizer.json"), "{\"kind\":\"bytes\"}\n"); }
}
