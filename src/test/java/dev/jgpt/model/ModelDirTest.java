package dev.jgpt.model;

import dev.jgpt.model.io.CheckpointFiles;
import dev.jgpt.model.io.Safetensors;
import dev.jgpt.model.io.TensorData;
import dev.jgpt.tensor.GradMode;
import dev.jgpt.tokenizer.BpeTokenizer;
import dev.jgpt.tokenizer.Tokenizer;
import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModelDirTest {
    static final String TEXT = "the cat sat on the mat. the dog sat on the log. 猫在垫子上。 🐈 ".repeat(20);

    static float[] logits(Gpt m, int[] ids) {
        try (var g = GradMode.off()) {
            return m.logits(m.hidden(ids, 1, ids.length, Gpt.Pass.EVAL)).data;
        }
    }

    @Test
    void saveThenLoadGivesIdenticalLogits(@TempDir Path dir) throws Exception {
        Tokenizer tok = BpeTokenizer.train(TEXT, 300, List.of("<|endoftext|>"));
        Gpt m = Gpt.init(new GptConfig(2, 2, 16, 32, tok.vocabSize(), 0f, true), 3);
        CheckpointFiles.saveModel(dir, m.config(), tok.eotId(), ModelDir.tensors(m), Map.of());
        tok.save(dir);
        ModelDir.Loaded back = ModelDir.load(dir);
        int[] ids = tok.encode("the cat sat");
        assertArrayEquals(logits(m, ids), logits(back.model(), ids));
        assertArrayEquals(ids, back.tokenizer().encode("the cat sat"));
    }

    @Test
    void loadsHuggingFaceLayoutWithTransformerPrefix(@TempDir Path dir) throws Exception {
        Tokenizer tok = BpeTokenizer.train(TEXT, 300, List.of("<|endoftext|>"));
        GptConfig cfg = new GptConfig(2, 2, 16, 32, tok.vocabSize(), 0f, true);
        Gpt m = Gpt.init(cfg, 5);
        // What transformers' GPT2LMHeadModel.save_pretrained writes: prefixed names, the causal-mask
        // buffers, and a tied lm_head; tokenizer as vocab.json + merges.txt only.
        LinkedHashMap<String, TensorData> hf = new LinkedHashMap<>();
        ModelDir.tensors(m).forEach((k, v) -> hf.put("transformer." + k, v));
        hf.put("transformer.h.0.attn.bias", new TensorData(new int[]{1, 1, 32, 32}, new float[32 * 32]));
        hf.put("lm_head.weight", ModelDir.tensors(m).get("wte.weight"));
        dev.jgpt.model.io.HfGpt2Config.of(cfg, tok.eotId()).write(dir.resolve("config.json"));
        Safetensors.write(dir.resolve("model.safetensors"), hf, Map.of("format", "pt"));
        tok.save(dir);
        Files.delete(dir.resolve("tokenizer.json"));
        assertTrue(Files.exists(dir.resolve("vocab.json")) && Files.exists(dir.resolve("merges.txt")));
        ModelDir.Loaded back = ModelDir.load(dir);
        int[] ids = tok.encode("the dog sat on the log");
        assertArrayEquals(logits(m, ids), logits(back.model(), ids));
    }

    @Test
    void mismatchedConfigAndCorruptFilesGiveClearErrors(@TempDir Path dir) throws Exception {
        Tokenizer tok = BpeTokenizer.train(TEXT, 300, List.of("<|endoftext|>"));
        Gpt m = Gpt.init(new GptConfig(2, 2, 16, 32, tok.vocabSize(), 0f, true), 3);
        CheckpointFiles.saveModel(dir, m.config(), tok.eotId(), ModelDir.tensors(m), Map.of());
        tok.save(dir);
        byte[] good = Files.readAllBytes(dir.resolve("model.safetensors"));
        // Truncated weights.
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(good, good.length / 2));
        UserException e1 = assertThrows(UserException.class, () -> ModelDir.load(dir));
        assertTrue(e1.getMessage().contains("model.safetensors"), e1.getMessage());
        Files.write(dir.resolve("model.safetensors"), good);
        // config.json that does not match the weights.
        String cfg = Files.readString(dir.resolve("config.json")).replace("\"n_embd\" : 16", "\"n_embd\" : 32").replace("\"n_embd\": 16", "\"n_embd\": 32");
        assertNotEquals(Files.readString(dir.resolve("config.json")), cfg, "fixture edit applied");
        Files.writeString(dir.resolve("config.json"), cfg);
        UserException e2 = assertThrows(UserException.class, () -> ModelDir.load(dir));
        assertTrue(e2.getMessage().contains("n_embd"), e2.getMessage());
        // Missing directory.
        UserException e3 = assertThrows(UserException.class, () -> ModelDir.load(dir.resolve("nope")));
        assertTrue(e3.getMessage().contains("does not exist"), e3.getMessage());
    }
}
