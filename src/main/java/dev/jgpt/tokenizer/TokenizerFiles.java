package dev.jgpt.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgpt.util.AtomicFiles;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.*;

/**
 * File names and the JSON / merges.txt reading and writing shared by the tokenizers. Every
 * problem with a file becomes a {@link UserException} that names the file.
 *
 * <p>Our tokenizer.json: {@code {"format": "jgpt-tokenizer", "version": 1, "kind": ...,
 * "vocab_size": N, "special_tokens": {"<|endoftext|>": N-1}, ...}} plus, for kind "char",
 * {@code "chars": [...]} (one code point each, in id order) and, for "bpe"/"gpt2", {@code
 * "vocab": {token: id}} and {@code "merges": ["a b", ...]} in Hugging Face's byte-level form.
 */
final class TokenizerFiles {
    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String VOCAB_JSON = "vocab.json", MERGES_TXT = "merges.txt";      // Hugging Face
    static final String ENCODER_JSON = "encoder.json", VOCAB_BPE = "vocab.bpe";    // OpenAI
    static final String FORMAT = "jgpt-tokenizer";
    static final int VERSION = 1;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerFiles() {}

    static ObjectNode header(String kind, int vocabSize, Map<String, Integer> specials) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT).put("version", VERSION).put("kind", kind).put("vocab_size", vocabSize);
        specials.forEach(root.putObject("special_tokens")::put);
        if (specials.isEmpty()) root.putObject("special_tokens");
        return root;
    }

    static void writeJson(Path file, JsonNode node) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(node);
        AtomicFiles.writeBytes(file, bytes);
    }

    static void writeVocab(Path file, Map<String, Integer> vocab) throws IOException {
        AtomicFiles.writeBytes(file, JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(vocab));
    }

    static void writeMerges(Path file, List<String> merges) throws IOException {
        // Hugging Face and GPT-2's encoder.py both skip the first line: the version header.
        StringBuilder sb = new StringBuilder("#version: 0.2\n");
        for (String m : merges) sb.append(m).append('\n');
        AtomicFiles.writeString(file, sb.toString());
    }

    static String readText(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new UserException("tokenizer file not found: " + file);
        } catch (CharacterCodingException e) {
            throw new UserException("corrupt tokenizer file " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UserException("cannot read tokenizer file " + file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode readJson(Path file) {
        String text = readText(file);
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) throw new UserException("corrupt tokenizer file " + file + ": empty");
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new UserException("corrupt tokenizer file " + file + ": invalid JSON" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** encoder.json / vocab.json: an object of token -> id. */
    static Map<String, Integer> readVocab(Path file) {
        return intMap(readJson(file), "vocabulary", file);
    }

    /** vocab.bpe / merges.txt: an optional "#version" line, then "left right" per line. */
    static List<String[]> readMerges(Path file) {
        List<String> lines = new ArrayList<>(readText(file).lines().toList());
        int first = !lines.isEmpty() && lines.get(0).startsWith("#version") ? 1 : 0;
        return parseMerges(lines, first, file);
    }

    static List<String[]> parseMerges(List<String> lines, int first, Path file) {
        List<String[]> merges = new ArrayList<>(lines.size());
        for (int i = first; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] parts = line.split(" ");
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty())
                throw new UserException("corrupt tokenizer file " + file + ": merge line " + (i + 1)
                        + " is not two tokens separated by a space: '" + line + "'");
            merges.add(parts);
        }
        return merges;
    }

    static Map<String, Integer> intMap(JsonNode node, String what, Path file) {
        if (node == null || !node.isObject())
            throw new UserException("corrupt tokenizer file " + file + ": " + what + " must be a JSON object of token -> id");
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber())
                throw new UserException("corrupt tokenizer file " + file + ": id of '" + e.getKey() + "' is not an integer");
            out.put(e.getKey(), e.getValue().intValue());
        }
        return out;
    }

    static Map<String, Integer> specials(ObjectNode root, Path file) {
        JsonNode node = root.get("special_tokens");
        return node == null ? Map.of() : intMap(node, "special_tokens", file);
    }

    static List<String> stringList(ObjectNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.isArray())
            throw new UserException("corrupt tokenizer file " + file + ": missing array '" + field + "'");
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode n : node) {
            if (!n.isTextual()) throw new UserException("corrupt tokenizer file " + file + ": '" + field + "' must hold strings");
            out.add(n.textValue());
        }
        return out;
    }

    /** Ids must be exactly {@code from, ..., to-1}, each once, so that id = embedding row. */
    static void checkIds(Collection<Integer> ids, int from, int to, Path file) {
        BitSet seen = new BitSet();
        for (int id : ids) {
            if (id < from || id >= to || seen.get(id))
                throw new UserException("corrupt tokenizer file " + file + ": token ids must be " + from + ".." + (to - 1)
                        + ", each used once (found " + id + ")");
            seen.set(id);
        }
        if (seen.cardinality() != to - from)
            throw new UserException("corrupt tokenizer file " + file + ": token ids are not contiguous");
    }
}
