package dev.jgpt.model.io;

import dev.jgpt.model.GptConfig;
import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class Gpt2LayoutTest {
    private static final GptConfig GPT2 = new GptConfig(12, 12, 768, 1024, 50257, 0.1f, true);

    private static UserException invalid(GptConfig cfg, Map<String, TensorData> t, String... fragments) {
        UserException e = assertThrows(UserException.class, () -> Gpt2Layout.validate(cfg, t, "model.safetensors"));
        assertTrue(e.getMessage().startsWith("model.safetensors does not match the config"), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), () -> "expected '" + f + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        return e;
    }

    @Test void gpt2SmallShapes() {
        Map<String, int[]> s = Gpt2Layout.expectedShapes(GPT2);
        assertArrayEquals(new int[]{50257, 768}, s.get("wte.weight"));
        assertArrayEquals(new int[]{1024, 768}, s.get("wpe.weight"));
        assertArrayEquals(new int[]{768}, s.get("h.0.ln_1.weight"));
        assertArrayEquals(new int[]{768, 2304}, s.get("h.0.attn.c_attn.weight"));
        assertArrayEquals(new int[]{2304}, s.get("h.0.attn.c_attn.bias"));
        assertArrayEquals(new int[]{768, 768}, s.get("h.5.attn.c_proj.weight"));
        assertArrayEquals(new int[]{768, 3072}, s.get("h.11.mlp.c_fc.weight"));
        assertArrayEquals(new int[]{3072}, s.get("h.11.mlp.c_fc.bias"));
        assertArrayEquals(new int[]{3072, 768}, s.get("h.11.mlp.c_proj.weight"));
        assertArrayEquals(new int[]{768}, s.get("h.11.mlp.c_proj.bias"));
        assertArrayEquals(new int[]{768}, s.get("ln_f.bias"));
        assertEquals(2 + 12 * 12 + 2, s.size()); // the 148 tensors of HF's gpt2 model.safetensors
        assertEquals(List.of("wte.weight", "wpe.weight", "h.0.ln_1.weight"), s.keySet().stream().limit(3).toList());
    }

    @Test void shapesAgreeWithParameterCount() {
        for (boolean bias : new boolean[]{true, false}) {
            GptConfig cfg = new GptConfig(3, 4, 32, 40, 97, 0f, bias);
            long sum = Gpt2Layout.expectedShapes(cfg).values().stream().mapToLong(TensorData::numel).sum();
            assertEquals(cfg.parameterCount(), sum, "bias=" + bias);
            assertEquals(bias, Gpt2Layout.expectedShapes(cfg).containsKey("ln_f.bias"));
        }
    }

    @Test void validReturnsCanonicalOrder() {
        GptConfig cfg = TestModels.tiny(true);
        LinkedHashMap<String, TensorData> p = TestModels.randomParams(cfg, 1);
        LinkedHashMap<String, TensorData> shuffled = new LinkedHashMap<>();
        p.keySet().stream().sorted().forEach(k -> shuffled.put(k, p.get(k)));
        assertEquals(List.copyOf(p.keySet()), List.copyOf(Gpt2Layout.validate(cfg, shuffled, "f").keySet()));
    }

    @Test void shapeMismatchNamesTensorAndConfigKey() {
        GptConfig cfg = new GptConfig(1, 2, 128, 16, 65, 0f, true);
        LinkedHashMap<String, TensorData> p = TestModels.randomParams(cfg, 1);
        p.put("wte.weight", TensorData.zeros(65, 64));
        invalid(cfg, p, "wte.weight is [65, 64] but the config says n_embd=128 (expected [65, 128])", "shape mismatch (1)");
        p = TestModels.randomParams(cfg, 1);
        p.put("h.0.mlp.c_fc.weight", TensorData.zeros(128, 256));
        invalid(cfg, p, "h.0.mlp.c_fc.weight is [128, 256] but the config says 4*n_embd=512");
        p = TestModels.randomParams(cfg, 1);
        p.put("h.0.mlp.c_fc.weight", TensorData.zeros(512, 128)); // transposed (nn.Linear layout)
        invalid(cfg, p, "h.0.mlp.c_fc.weight is [512, 128] but the config says n_embd=128, 4*n_embd=512");
    }

    @Test void missingAndUnexpectedListed() {
        GptConfig cfg = TestModels.tiny(true);
        LinkedHashMap<String, TensorData> p = TestModels.randomParams(cfg, 1);
        p.remove("h.1.ln_2.bias");
        p.put("h.0.attn.rotary", TensorData.zeros(2));
        invalid(cfg, p, "missing (1): h.1.ln_2.bias", "unexpected (1): h.0.attn.rotary");
    }

    @Test void wrongLayerCountHinted() {
        GptConfig cfg = TestModels.tiny(true);
        GptConfig deeper = new GptConfig(4, 2, 8, 16, 11, 0f, true);
        invalid(deeper, TestModels.randomParams(cfg, 1), "missing (24)", "... 16 more",
                "the file has 2 layers but the config says n_layer=4");
        invalid(cfg, TestModels.randomParams(deeper, 1), "unexpected (24)", "the file has 4 layers but the config says n_layer=2");
    }

    @Test void biasFlagMismatchHinted() {
        invalid(TestModels.tiny(true), TestModels.randomParams(TestModels.tiny(false), 1),
                "the file has no bias tensors but the config says bias=true");
        invalid(TestModels.tiny(false), TestModels.randomParams(TestModels.tiny(true), 1),
                "the file has bias tensors but the config says bias=false");
    }

    @Test void normalizesHubNames() {
        GptConfig cfg = TestModels.tiny(true);
        LinkedHashMap<String, TensorData> p = TestModels.randomParams(cfg, 1);
        LinkedHashMap<String, TensorData> hub = new LinkedHashMap<>();
        p.forEach((k, v) -> hub.put("transformer." + k, v));
        hub.put("transformer.h.0.attn.bias", TensorData.zeros(1, 1, 16, 16));
        hub.put("transformer.h.1.attn.masked_bias", TensorData.of(new float[]{-1e4f}));
        hub.put("h.1.attn.bias", TensorData.zeros(1, 1, 16, 16));
        hub.put("lm_head.weight", p.get("wte.weight"));
        LinkedHashMap<String, TensorData> n = Gpt2Layout.normalize(hub);
        assertEquals(p, n);
        assertEquals(List.copyOf(p.keySet()), List.copyOf(n.keySet()));
        assertEquals(p, Gpt2Layout.validate(cfg, n, "model.safetensors"));
    }

    @Test void lmHeadStandsInForMissingWte() {
        GptConfig cfg = TestModels.tiny(true);
        LinkedHashMap<String, TensorData> p = TestModels.randomParams(cfg, 1);
        TensorData wte = p.remove("wte.weight");
        p.put("lm_head.weight", wte);
        assertEquals(wte, Gpt2Layout.validate(cfg, Gpt2Layout.normalize(p), "f").get("wte.weight"));
    }

    @Test void untiedLmHeadIsReported() {
        GptConfig cfg = TestModels.tiny(true);
        LinkedHashMap<String, TensorData> p = TestModels.randomParams(cfg, 1);
        p.put("lm_head.weight", TensorData.zeros(11, 8));
        invalid(cfg, Gpt2Layout.normalize(p), "lm_head.weight (differs from wte.weight");
    }

    @Test void duplicatePrefixedAndPlainNamesRejected() {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("wte.weight", TensorData.zeros(1));
        t.put("transformer.wte.weight", TensorData.zeros(1));
        UserException e = assertThrows(UserException.class, () -> Gpt2Layout.normalize(t));
        assertTrue(e.getMessage().contains("wte.weight"), e.getMessage());
    }

    @Test void attentionLinearBiasIsNotDroppedAsBuffer() {
        Map<String, TensorData> t = Map.of("h.0.attn.c_attn.bias", TensorData.zeros(3), "h.0.attn.c_proj.bias", TensorData.zeros(3));
        assertEquals(2, Gpt2Layout.normalize(t).size());
    }
}
