package dev.jgpt.serve;

import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.model.Gpt;
import dev.jgpt.model.GptConfig;
import dev.jgpt.model.ModelDir;
import dev.jgpt.model.io.CheckpointFiles;
import dev.jgpt.tensor.Tensor;
import dev.jgpt.tokenizer.Tokenizer;
import dev.jgpt.train.RunSetup;

import java.nio.file.Path;
import java.util.Map;

/**
 * A small random model with the tokenizer a default-corpus run trains (chat tokens included),
 * saved as a run folder "tiny-chat/checkpoint". Weights are scaled up so that greedy choices
 * are well separated (batched and unbatched decoding then agree exactly).
 */
public final class TinyChatModel {
    public static final int CONTEXT = 64;

    private TinyChatModel() {}

    public static ModelDir.Loaded create(Path root) throws Exception {
        String text = RunSetup.loadText("default", 1, 40_000, CorpusMix.parse("dialogue=1"));
        Tokenizer tok = RunSetup.buildTokenizer("bpe:360", text);
        Gpt m = Gpt.init(new GptConfig(2, 2, 32, CONTEXT, tok.vocabSize(), 0f, true), 11);
        for (Tensor t : m.parameters().values()) if (t.rank() == 2) for (int i = 0; i < t.data.length; i++) t.data[i] *= 8;
        Path dir = root.resolve("tiny-chat").resolve("checkpoint");
        CheckpointFiles.saveModel(dir, m.config(), tok.eotId(), ModelDir.tensors(m), Map.of());
        tok.save(dir);
        return ModelDir.load(root.resolve("tiny-chat"));
    }
}
