package dev.jgpt.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Text to token ids and back. Implementations: {@code CharTokenizer},
 * {@code BpeTokenizer} (byte-level BPE, trainable; also loads GPT-2's files).
 *
 * <p>Special tokens (e.g. {@code <|endoftext|>}) are matched literally in {@link #encode}
 * when the tokenizer knows them; {@link #encodeOrdinary} never produces them.
 */
public interface Tokenizer {
    /** Encodes text, recognising this tokenizer's special tokens. */
    int[] encode(String text);

    /** Encodes text treating special-token strings as ordinary text. */
    int[] encodeOrdinary(String text);

    /** Decodes ids to text; invalid UTF-8 from a cut sequence is replaced with U+FFFD. */
    String decode(int[] ids);

    /** Raw bytes of one token (UTF-8 of its text), for streaming decoders. */
    byte[] tokenBytes(int id);

    int vocabSize();

    /** Special tokens and their ids, e.g. {@code <|endoftext|> -> 50256}. */
    Map<String, Integer> specialTokens();

    /** Id of the end-of-text token, or -1 when this tokenizer has none. */
    int eotId();

    /** "char", "bpe" or "gpt2"; recorded in tokenizer.json. */
    String kind();

    /** Writes this tokenizer's files into {@code dir} (atomically, file by file). */
    void save(Path dir) throws IOException;
}
