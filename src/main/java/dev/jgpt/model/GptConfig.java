package dev.jgpt.model;

/**
 * Shape of a GPT-2 style model. Field meanings follow nanoGPT; {@code config.json}
 * uses Hugging Face's GPT-2 names (n_layer, n_head, n_embd, n_positions, vocab_size, ...).
 *
 * @param nLayer    transformer blocks
 * @param nHead     attention heads per block
 * @param nEmbd     embedding width; divisible by nHead
 * @param blockSize context length (n_positions)
 * @param vocabSize vocabulary size
 * @param dropout   dropout probability used in training (0 disables)
 * @param bias      whether Linear and LayerNorm layers have biases (GPT-2: true)
 */
public record GptConfig(int nLayer, int nHead, int nEmbd, int blockSize, int vocabSize,
                        float dropout, boolean bias) {
    public static final float LAYER_NORM_EPS = 1e-5f;

    public GptConfig {
        if (nLayer <= 0) throw new IllegalArgumentException("n_layer must be > 0, got " + nLayer);
        if (nHead <= 0) throw new IllegalArgumentException("n_head must be > 0, got " + nHead);
        if (nEmbd <= 0 || nEmbd % nHead != 0)
            throw new IllegalArgumentException("n_embd (" + nEmbd + ") must be a positive multiple of n_head (" + nHead + ")");
        if (blockSize <= 0) throw new IllegalArgumentException("block_size must be > 0, got " + blockSize);
        if (vocabSize <= 0) throw new IllegalArgumentException("vocab_size must be > 0, got " + vocabSize);
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }

    public int headSize() { return nEmbd / nHead; }

    public GptConfig withVocabSize(int v) { return new GptConfig(nLayer, nHead, nEmbd, blockSize, v, dropout, bias); }
    public GptConfig withDropout(float d) { return new GptConfig(nLayer, nHead, nEmbd, blockSize, vocabSize, d, bias); }
    public GptConfig withBlockSize(int b) { return new GptConfig(nLayer, nHead, nEmbd, b, vocabSize, dropout, bias); }

    /** Parameter count with tied embeddings (wte counted once). */
    public long parameterCount() {
        long c = nEmbd, b = bias ? 1 : 0;
        long perBlock = 2 * (c + b * c)              // ln_1, ln_2
                + c * 3 * c + b * 3 * c              // c_attn
                + c * c + b * c                      // attn.c_proj
                + c * 4 * c + b * 4 * c              // mlp.c_fc
                + 4 * c * c + b * c;                 // mlp.c_proj
        return (long) vocabSize * c + (long) blockSize * c + nLayer * perBlock + (c + b * c);
    }
}
