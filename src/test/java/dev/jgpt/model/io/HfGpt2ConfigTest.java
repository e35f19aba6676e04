package dev.jgpt.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgpt.model.GptConfig;
import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.*;

class HfGpt2ConfigTest {
    @TempDir Path tmp;
    private static final ObjectMapper JSON = new ObjectMapper();

    static String fixture() throws Exception {
        return Files.readString(Path.of(Objects.requireNonNull(
                HfGpt2ConfigTest.class.getResource("/model/io/gpt2-124M-config.json")).toURI()));
    }

    @Test void parsesRealHubGpt2Config() throws Exception {
        HfGpt2Config c = HfGpt2Config.parse(fixture(), "config.json");
        assertEquals(new GptConfig(12, 12, 768, 1024, 50257, 0.1f, true), c.model());
        assertEquals(50256, c.eosTokenId());
        assertEquals(50256, c.bosTokenId());
        assertEquals(124_439_808L, c.model().parameterCount()); // GPT-2 small, tied embeddings
    }

    @Test void roundTripsThroughFile() throws Exception {
        for (boolean bias : new boolean[]{true, false}) {
            GptConfig m = new GptConfig(6, 4, 128, 256, 65, 0.2f, bias);
            Path f = tmp.resolve("config-" + bias + ".json");
            HfGpt2Config.of(m, 3).write(f);
            HfGpt2Config back = HfGpt2Config.read(f);
            assertEquals(m, back.model());
            assertEquals(3, back.eosTokenId());
        }
    }

    @Test void writesHfKeys() throws Exception {
        JsonNode j = JSON.readTree(HfGpt2Config.of(new GptConfig(2, 2, 8, 16, 11, 0f, false), -1).toJson());
        assertEquals("gpt2", j.get("model_type").asText());
        assertEquals("GPT2LMHeadModel", j.get("architectures").get(0).asText());
        assertEquals(16, j.get("n_positions").asInt());
        assertEquals(16, j.get("n_ctx").asInt());
        assertEquals(10, j.get("eos_token_id").asInt()); // vocab - 1 when no eot id is given
        assertEquals(10, j.get("bos_token_id").asInt());
        assertEquals(1e-5, j.get("layer_norm_epsilon").asDouble(), 1e-12);
        assertEquals("gelu_new", j.get("activation_function").asText());
        assertEquals(0.02, j.get("initializer_range").asDouble());
        for (String k : new String[]{"resid_pdrop", "embd_pdrop", "attn_pdrop"}) assertEquals(0.0, j.get(k).asDouble());
        assertFalse(j.get("jgpt").get("bias").asBoolean());
    }

    @Test void unknownKeysIgnoredAndNCtxFallback() throws Exception {
        ObjectNode j = (ObjectNode) JSON.readTree(fixture());
        j.remove("n_positions");
        j.put("n_ctx", 512);
        j.put("some_future_key", "whatever");
        assertEquals(512, HfGpt2Config.parse(j.toString(), "c.json").model().blockSize());
    }

    private static void assertFails(ObjectNode j, String... fragments) {
        UserException e = assertThrows(UserException.class, () -> HfGpt2Config.parse(j.toString(), "ckpt/config.json"));
        assertTrue(e.getMessage().startsWith("ckpt/config.json: "), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), () -> "expected '" + f + "' in: " + e.getMessage());
    }

    private static ObjectNode base() throws Exception { return (ObjectNode) JSON.readTree(fixture()); }

    @Test void missingRequiredKeyNamed() throws Exception {
        for (String key : new String[]{"n_layer", "n_head", "n_embd", "vocab_size"}) {
            ObjectNode j = base();
            j.remove(key);
            assertFails(j, "missing required key \"" + key + "\"");
        }
        ObjectNode j = base();
        j.remove("n_positions");
        j.remove("n_ctx");
        assertFails(j, "missing required key \"n_positions\"");
    }

    @Test void invalidValuesNamed() throws Exception {
        ObjectNode j = base(); j.put("n_layer", "12"); assertFails(j, "\"n_layer\" must be an integer");
        j = base(); j.put("n_head", 1.5); assertFails(j, "\"n_head\" must be an integer");
        j = base(); j.put("n_embd", 0); assertFails(j, "\"n_embd\" must be positive");
        j = base(); j.put("n_head", 7); assertFails(j, "n_embd (768) must be a multiple of n_head (7)");
        j = base(); j.put("resid_pdrop", 1.5); assertFails(j, "resid_pdrop");
        j = base(); j.put("model_type", "llama"); assertFails(j, "model_type is 'llama'");
        j = base(); j.put("activation_function", "relu"); assertFails(j, "activation_function 'relu'");
        j = base(); j.put("layer_norm_epsilon", 1e-6); assertFails(j, "layer_norm_epsilon");
        j = base(); j.put("n_inner", 1000); assertFails(j, "n_inner");
        j = base(); j.put("eos_token_id", 50257); assertFails(j, "eos_token_id 50257 is outside vocab_size 50257");
        j = base(); j.putObject("jgpt").put("bias", "no"); assertFails(j, "jgpt.bias");
        j = base(); j.put("n_layer", 12.0);
        assertEquals(12, HfGpt2Config.parse(j.toString(), "c").model().nLayer()); // integral float is fine
    }

    @Test void malformedJsonAndMissingFile() {
        UserException e = assertThrows(UserException.class, () -> HfGpt2Config.parse("{\"n_layer\": ", "x/config.json"));
        assertTrue(e.getMessage().startsWith("x/config.json: not valid JSON"), e.getMessage());
        e = assertThrows(UserException.class, () -> HfGpt2Config.read(tmp.resolve("config.json")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
