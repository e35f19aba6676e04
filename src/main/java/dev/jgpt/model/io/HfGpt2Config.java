package dev.jgpt.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgpt.model.GptConfig;
import dev.jgpt.util.AtomicFiles;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A Hugging Face GPT-2 {@code config.json}, mapped to and from {@link GptConfig}. Files we
 * write load in transformers as {@code GPT2LMHeadModel} (when bias=true); Hub files load here.
 * What HF's schema cannot express goes in a {@code "jgpt"} object ({@code bias}), which HF
 * ignores. Unknown keys are ignored on read, so a real Hub config (summary_*,
 * task_specific_params, ...) parses.
 *
 * @param model      the model shape
 * @param bosTokenId bos_token_id; GPT-2 uses its end-of-text token for both
 * @param eosTokenId eos_token_id (the end-of-text token jgpt samples until)
 */
public record HfGpt2Config(GptConfig model, int bosTokenId, int eosTokenId) {
    public static final String FILE_NAME = "config.json";
    /** GPT-2's pdrop default when a config omits it (transformers' GPT2Config default). */
    static final float HF_DEFAULT_PDROP = 0.1f;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Config for {@code model} whose end-of-text id is {@code eotId}; a negative id means vocab_size-1 (GPT-2's choice). */
    public static HfGpt2Config of(GptConfig model, int eotId) {
        int eot = eotId >= 0 ? eotId : model.vocabSize() - 1;
        if (eot >= model.vocabSize())
            throw new IllegalArgumentException("eot id " + eot + " outside vocab of " + model.vocabSize());
        return new HfGpt2Config(model, eot, eot);
    }

    public String toJson() {
        GptConfig m = model;
        ObjectNode root = JSON.createObjectNode();
        root.put("model_type", "gpt2");
        root.putArray("architectures").add("GPT2LMHeadModel");
        root.put("n_layer", m.nLayer());
        root.put("n_head", m.nHead());
        root.put("n_embd", m.nEmbd());
        root.put("n_positions", m.blockSize());
        root.put("n_ctx", m.blockSize());
        root.putNull("n_inner"); // 4 * n_embd
        root.put("vocab_size", m.vocabSize());
        root.put("resid_pdrop", m.dropout());
        root.put("embd_pdrop", m.dropout());
        root.put("attn_pdrop", m.dropout());
        root.put("layer_norm_epsilon", Double.parseDouble(Float.toString(GptConfig.LAYER_NORM_EPS)));   // 1e-05, not 9.9999997e-06
        root.put("activation_function", "gelu_new");
        root.put("initializer_range", 0.02);
        root.put("bos_token_id", bosTokenId);
        root.put("eos_token_id", eosTokenId);
        root.put("tie_word_embeddings", true);
        root.put("torch_dtype", "float32");
        ObjectNode ext = root.putObject("jgpt");
        ext.put("bias", m.bias());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of plain values always serializes
        }
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    public static HfGpt2Config read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserException(file + ": no such file");
        }
        return parse(text, file.toString());
    }

    /** Parses config JSON; {@code source} names the file in error messages. */
    public static HfGpt2Config parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserException(source + ": not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) throw new UserException(source + ": expected a JSON object");
        return new ConfigReader(root, source).read();
    }

    /** Field-by-field reader so every error names the key and the file. */
    private record ConfigReader(JsonNode root, String source) {
        HfGpt2Config read() {
            String type = optText("model_type");
            if (type != null && !type.equals("gpt2"))
                throw fail("model_type is '" + type + "'; jgpt loads only gpt2 models");
            String act = optText("activation_function");
            if (act != null && !act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh"))
                throw fail("activation_function '" + act + "' is not supported (jgpt implements gelu_new)");
            JsonNode eps = root.get("layer_norm_epsilon");
            if (eps != null && !eps.isNull() && (!eps.isNumber()
                    || Math.abs(eps.doubleValue() - GptConfig.LAYER_NORM_EPS) > 1e-9))
                throw fail("layer_norm_epsilon " + eps + " is not supported (jgpt uses " + GptConfig.LAYER_NORM_EPS + ")");
            int nLayer = reqPositive("n_layer"), nHead = reqPositive("n_head"), nEmbd = reqPositive("n_embd");
            int vocab = reqPositive("vocab_size");
            int positions = reqPositive(!root.has("n_positions") && root.has("n_ctx") ? "n_ctx" : "n_positions");
            if (nEmbd % nHead != 0)
                throw fail("n_embd (" + nEmbd + ") must be a multiple of n_head (" + nHead + ")");
            JsonNode inner = root.get("n_inner");
            if (inner != null && !inner.isNull() && !(inner.canConvertToInt() && inner.intValue() == 4 * nEmbd))
                throw fail("n_inner " + inner + " is not supported (jgpt's MLP width is 4*n_embd)");
            // jgpt has one dropout rate; HF's three are written equal, and resid_pdrop is the one read.
            float dropout = (float) optDouble("resid_pdrop", HF_DEFAULT_PDROP);
            if (!(dropout >= 0 && dropout < 1)) throw fail("resid_pdrop must be in [0, 1), got " + dropout);
            boolean bias = true;
            JsonNode ext = root.get("jgpt");
            if (ext != null && ext.has("bias")) {
                if (!ext.get("bias").isBoolean()) throw fail("jgpt.bias must be true or false, got " + ext.get("bias"));
                bias = ext.get("bias").booleanValue();
            }
            GptConfig model;
            try {
                model = new GptConfig(nLayer, nHead, nEmbd, positions, vocab, dropout, bias);
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
            int eos = optInt("eos_token_id", vocab - 1), bos = optInt("bos_token_id", eos);
            if (eos < 0 || eos >= vocab) throw fail("eos_token_id " + eos + " is outside vocab_size " + vocab);
            if (bos < 0 || bos >= vocab) throw fail("bos_token_id " + bos + " is outside vocab_size " + vocab);
            return new HfGpt2Config(model, bos, eos);
        }

        int reqInt(String key) {
            JsonNode v = root.get(key);
            if (v == null || v.isNull()) throw fail("missing required key \"" + key + "\"");
            return asInt(key, v);
        }

        int reqPositive(String key) {
            int v = reqInt(key);
            if (v <= 0) throw fail("\"" + key + "\" must be positive, got " + v);
            return v;
        }

        int optInt(String key, int dflt) {
            JsonNode v = root.get(key);
            return v == null || v.isNull() ? dflt : asInt(key, v);
        }

        int asInt(String key, JsonNode v) {
            // Accept 12.0 (some tools write floats) but not 12.5 or "12".
            if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToInt())
                throw fail("\"" + key + "\" must be an integer, got " + v);
            return v.intValue();
        }

        double optDouble(String key, double dflt) {
            JsonNode v = root.get(key);
            if (v == null || v.isNull()) return dflt;
            if (!v.isNumber()) throw fail("\"" + key + "\" must be a number, got " + v);
            return v.doubleValue();
        }

        String optText(String key) {
            JsonNode v = root.get(key);
            if (v == null || v.isNull()) return null;
            if (!v.isTextual()) throw fail("\"" + key + "\" must be a string, got " + v);
            return v.textValue();
        }

        UserException fail(String problem) { return new UserException(source + ": " + problem); }
    }
}
