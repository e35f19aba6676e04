package dev.jgpt.model.io;

import dev.jgpt.model.GptConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model read from a checkpoint directory.
 *
 * @param config   the model shape from config.json
 * @param eotId    the end-of-text token id (config.json's eos_token_id)
 * @param params   parameters in {@link Gpt2Layout} order, names normalized, shapes validated
 * @param metadata model.safetensors' {@code __metadata__}
 */
public record LoadedModel(GptConfig config, int eotId, LinkedHashMap<String, TensorData> params,
                          Map<String, String> metadata) {}
