package dev.jgpt.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgpt.util.UserException;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.jgpt.tokenizer.TokenizerFiles.*;

/** Loading tokenizers from a model directory or from GPT-2's files. */
public final class Tokenizers {
    private Tokenizers() {}

    /**
     * Loads the tokenizer in {@code dir}: our tokenizer.json when present, else Hugging Face's
     * vocab.json + merges.txt, else OpenAI's encoder.json + vocab.bpe. A Hugging Face
     * tokenizer.json (no "kind") defers to the vocab.json + merges.txt beside it.
     */
    public static Tokenizer load(Path dir) {
        if (!Files.isDirectory(dir)) throw new UserException("tokenizer directory not found: " + dir);
        Path json = dir.resolve(TOKENIZER_JSON);
        boolean hf = Files.exists(dir.resolve(VOCAB_JSON)) && Files.exists(dir.resolve(MERGES_TXT));
        if (Files.exists(json)) {
            JsonNode root = readJson(json);
            if (root.isObject() && root.has("kind")) return fromJson((ObjectNode) root, json);
            if (!hf) throw new UserException("corrupt tokenizer file " + json + ": not a jgpt tokenizer (no \"kind\" field)");
        }
        if (hf) return BpeTokenizer.fromVocabFiles(dir.resolve(VOCAB_JSON), dir.resolve(MERGES_TXT));
        if (Files.exists(dir.resolve(ENCODER_JSON)) && Files.exists(dir.resolve(VOCAB_BPE)))
            return BpeTokenizer.fromVocabFiles(dir.resolve(ENCODER_JSON), dir.resolve(VOCAB_BPE));
        throw new UserException("no tokenizer in " + dir + ": expected " + TOKENIZER_JSON + ", or " + VOCAB_JSON + " + "
                + MERGES_TXT + ", or " + ENCODER_JSON + " + " + VOCAB_BPE);
    }

    /** GPT-2's tokenizer from OpenAI's encoder.json + vocab.bpe (or HF's vocab.json + merges.txt). */
    public static BpeTokenizer gpt2(Path encoderJson, Path vocabBpe) {
        return BpeTokenizer.fromVocabFiles(encoderJson, vocabBpe);
    }

    private static Tokenizer fromJson(ObjectNode root, Path file) {
        JsonNode format = root.get("format"), version = root.get("version");
        if (format != null && !FORMAT.equals(format.asText()))
            throw new UserException("corrupt tokenizer file " + file + ": format is '" + format.asText() + "', expected " + FORMAT);
        if (version != null && version.asInt() > VERSION)
            throw new UserException("tokenizer file " + file + " has version " + version.asInt()
                    + "; this jgpt reads up to version " + VERSION);
        String kind = root.get("kind").asText();
        Tokenizer t = switch (kind) {
            case "char" -> CharTokenizer.fromJson(root, file);
            case "bpe", "gpt2" -> BpeTokenizer.fromJson(kind, root, file);
            default -> throw new UserException("corrupt tokenizer file " + file + ": unknown kind '" + kind
                    + "' (expected char, bpe or gpt2)");
        };
        JsonNode size = root.get("vocab_size");
        if (size != null && size.asInt() != t.vocabSize())
            throw new UserException("corrupt tokenizer file " + file + ": vocab_size is " + size.asInt()
                    + " but the file defines " + t.vocabSize() + " tokens");
        return t;
    }
}
