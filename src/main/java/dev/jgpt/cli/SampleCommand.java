package dev.jgpt.cli;

import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.TextGenerator;
import dev.jgpt.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Generate text from a model with a KV cache, streaming to stdout.",
                "--temperature 0 is greedy and deterministic; otherwise --seed makes sampling repeatable."})
public final class SampleCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory (a jgpt checkpoint or a Hugging Face GPT-2 folder).")
    Path model;
    @Option(names = "--prompt", description = "Prompt text (default: start from end-of-text).")
    String prompt = "";
    @Option(names = {"-n", "--max-new-tokens"}, description = "Tokens to generate per sample (default: ${DEFAULT-VALUE}).")
    int maxNewTokens = 200;
    @Option(names = "--temperature", description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).")
    float temperature = 0.8f;
    @Option(names = "--top-k", description = "Keep only the k most likely tokens; 0 = off (default: ${DEFAULT-VALUE}).")
    int topK = 200;
    @Option(names = "--top-p", description = "Nucleus sampling threshold; 1 = off (default: ${DEFAULT-VALUE}).")
    float topP = 1f;
    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1337;
    @Option(names = "--stop", description = "Stop string (repeatable); not included in the output.")
    List<String> stops = new ArrayList<>();
    @Option(names = "--num-samples", description = "Independent samples, generated as one batch (default: ${DEFAULT-VALUE}).")
    int numSamples = 1;
    @Option(names = "--json", description = "Print one JSON object with the samples as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TextGenerator gen = TextGenerator.open(model);
        SamplingConfig sc;
        try {
            sc = new SamplingConfig(maxNewTokens, temperature, topK, topP, seed);
        } catch (IllegalArgumentException e) {
            throw new dev.jgpt.util.UserException(e.getMessage());
        }
        boolean streamOne = numSamples == 1 && !json;
        if (streamOne) System.out.print(prompt);
        var results = gen.complete(Collections.nCopies(numSamples, prompt), sc, stops, streamOne ? (i, s) -> {
            System.out.print(s);
            System.out.flush();
        } : null);
        if (streamOne) System.out.println();
        else if (!json) for (int i = 0; i < results.size(); i++) {
            if (i > 0) System.out.println("---------------");
            System.out.println(prompt + results.get(i).text());
        }
        if (json) {
            List<Map<String, Object>> samples = new ArrayList<>();
            for (var r : results) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("text", r.text());
                o.put("prompt_tokens", r.promptTokens());
                o.put("completion_tokens", r.completionTokens());
                o.put("finish_reason", r.finish().name().toLowerCase());
                samples.add(o);
            }
            System.out.println(Json.line(Map.of("samples", samples)));
        }
        return 0;
    }
}
