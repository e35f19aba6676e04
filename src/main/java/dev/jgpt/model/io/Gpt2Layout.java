package dev.jgpt.model.io;

import dev.jgpt.model.GptConfig;
import dev.jgpt.util.UserException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The GPT-2 parameter naming scheme, as in Hugging Face's {@code model.safetensors} for
 * {@code gpt2} (without the {@code transformer.} prefix). Linear weights follow GPT-2's
 * Conv1D convention and are stored {@code [in, out]}. The output head is tied to
 * {@code wte.weight}, so {@code lm_head.weight} is never stored. A model with
 * {@code bias=false} (nanoGPT's option) has no bias tensors at all, LayerNorm included.
 */
public final class Gpt2Layout {
    private Gpt2Layout() {}

    /** Buffers (not parameters) old HF checkpoints carry: the causal mask and its fill value. */
    private static final Pattern ATTN_BUFFER = Pattern.compile("h\\.\\d+\\.attn\\.(bias|masked_bias)");
    private static final Pattern BLOCK = Pattern.compile("h\\.(\\d{1,9})\\.");
    private static final String HF_PREFIX = "transformer.";
    private static final String LM_HEAD = "lm_head.weight";

    /** One dimension of an expected shape, kept symbolic so mismatches can name the config key. */
    private record Dim(int mult, String key, int value) {
        int size() { return mult * value; }
        String symbol() { return mult == 1 ? key : mult + "*" + key; }
    }

    /** Expected shapes in canonical order (embeddings, blocks 0..n-1, final LayerNorm). */
    public static LinkedHashMap<String, int[]> expectedShapes(GptConfig cfg) {
        LinkedHashMap<String, int[]> out = new LinkedHashMap<>();
        symbolicShapes(cfg).forEach((name, dims) -> out.put(name, Arrays.stream(dims).mapToInt(Dim::size).toArray()));
        return out;
    }

    private static LinkedHashMap<String, Dim[]> symbolicShapes(GptConfig cfg) {
        Dim v = new Dim(1, "vocab_size", cfg.vocabSize()), t = new Dim(1, "n_positions", cfg.blockSize());
        Dim c = new Dim(1, "n_embd", cfg.nEmbd()), c3 = new Dim(3, "n_embd", cfg.nEmbd());
        Dim c4 = new Dim(4, "n_embd", cfg.nEmbd());
        LinkedHashMap<String, Dim[]> m = new LinkedHashMap<>();
        m.put("wte.weight", new Dim[]{v, c});
        m.put("wpe.weight", new Dim[]{t, c});
        for (int i = 0; i < cfg.nLayer(); i++) {
            String h = "h." + i + ".";
            layerNorm(m, h + "ln_1", c, cfg.bias());
            linear(m, h + "attn.c_attn", c, c3, cfg.bias());
            linear(m, h + "attn.c_proj", c, c, cfg.bias());
            layerNorm(m, h + "ln_2", c, cfg.bias());
            linear(m, h + "mlp.c_fc", c, c4, cfg.bias());
            linear(m, h + "mlp.c_proj", c4, c, cfg.bias());
        }
        layerNorm(m, "ln_f", c, cfg.bias());
        return m;
    }

    private static void layerNorm(Map<String, Dim[]> m, String name, Dim c, boolean bias) {
        m.put(name + ".weight", new Dim[]{c});
        if (bias) m.put(name + ".bias", new Dim[]{c});
    }

    private static void linear(Map<String, Dim[]> m, String name, Dim in, Dim out, boolean bias) {
        m.put(name + ".weight", new Dim[]{in, out});
        if (bias) m.put(name + ".bias", new Dim[]{out});
    }

    /**
     * Maps Hub-style names onto the layout: strips {@code transformer.}, drops the attention
     * mask buffers, and drops {@code lm_head.weight} when it duplicates {@code wte.weight}
     * (or stands in for it when wte is absent, since the two are tied). An untied head that
     * differs from wte is kept, so {@link #validate} reports it. Order is preserved.
     */
    public static LinkedHashMap<String, TensorData> normalize(Map<String, TensorData> tensors) {
        LinkedHashMap<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            String name = e.getKey().startsWith(HF_PREFIX) ? e.getKey().substring(HF_PREFIX.length()) : e.getKey();
            if (ATTN_BUFFER.matcher(name).matches()) continue;
            if (out.put(name, e.getValue()) != null)
                throw new UserException("tensor " + name + " appears both with and without the '" + HF_PREFIX + "' prefix");
        }
        TensorData head = out.get(LM_HEAD);
        if (head != null) {
            TensorData wte = out.get("wte.weight");
            if (wte == null) out.put("wte.weight", head);
            if (wte == null || wte.equals(head)) out.remove(LM_HEAD);
        }
        return out;
    }

    /**
     * Returns the tensors in canonical order after checking they are exactly the layout of
     * {@code cfg}. Otherwise throws a {@link UserException} (one line) listing the missing,
     * unexpected and misshapen tensors, e.g. "wte.weight is [65, 64] but the config says
     * n_embd=128 (expected [65, 128])".
     */
    public static LinkedHashMap<String, TensorData> validate(GptConfig cfg, Map<String, TensorData> tensors, String fileName) {
        LinkedHashMap<String, Dim[]> expected = symbolicShapes(cfg);
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        LinkedHashMap<String, TensorData> ordered = new LinkedHashMap<>();
        expected.forEach((name, dims) -> {
            TensorData t = tensors.get(name);
            if (t == null) missing.add(name);
            else if (!t.sameShape(Arrays.stream(dims).mapToInt(Dim::size).toArray())) mismatched.add(explain(name, t, dims));
            else ordered.put(name, t);
        });
        for (String name : tensors.keySet())
            if (!expected.containsKey(name)) unexpected.add(name.equals(LM_HEAD)
                    ? LM_HEAD + " (differs from wte.weight; jgpt ties the output head to the token embedding)" : name);
        if (missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty()) return ordered;

        StringBuilder sb = new StringBuilder(fileName).append(" does not match the config (n_layer=").append(cfg.nLayer())
                .append(", n_embd=").append(cfg.nEmbd()).append(", n_positions=").append(cfg.blockSize())
                .append(", vocab_size=").append(cfg.vocabSize()).append(", bias=").append(cfg.bias()).append(")");
        appendList(sb, "shape mismatch", mismatched, 3); // each entry is long; the first few tell the story
        appendList(sb, "missing", missing, 8);
        appendList(sb, "unexpected", unexpected, 8);
        String hint = hint(cfg, tensors);
        if (hint != null) sb.append("; ").append(hint);
        throw new UserException(sb.toString());
    }

    private static String explain(String name, TensorData t, Dim[] dims) {
        int[] want = Arrays.stream(dims).mapToInt(Dim::size).toArray();
        Set<String> why = new LinkedHashSet<>(); // a [C, C] weight names n_embd once
        if (t.rank() == dims.length)
            for (int i = 0; i < dims.length; i++)
                if (t.shape()[i] != want[i]) why.add(dims[i].symbol() + "=" + want[i]);
        String says = why.isEmpty() ? "" : " but the config says " + String.join(", ", why);
        return name + " is " + t.shapeString() + says + " (expected " + Arrays.toString(want) + ")";
    }

    /** Names the two usual causes of wholesale missing/unexpected names: wrong n_layer, wrong bias flag. */
    private static String hint(GptConfig cfg, Map<String, TensorData> tensors) {
        int fileLayers = 0;
        boolean fileHasBias = false;
        for (String name : tensors.keySet()) {
            var m = BLOCK.matcher(name);
            if (m.lookingAt()) fileLayers = Math.max(fileLayers, Integer.parseInt(m.group(1)) + 1);
            fileHasBias |= name.endsWith(".bias");
        }
        List<String> hints = new ArrayList<>();
        if (fileLayers != cfg.nLayer())
            hints.add("the file has " + fileLayers + " layers but the config says n_layer=" + cfg.nLayer());
        if (fileHasBias != cfg.bias())
            hints.add(fileHasBias ? "the file has bias tensors but the config says bias=false"
                    : "the file has no bias tensors but the config says bias=true");
        return hints.isEmpty() ? null : String.join("; ", hints);
    }

    private static void appendList(StringBuilder sb, String label, List<String> items, int limit) {
        if (items.isEmpty()) return;
        int shown = Math.min(items.size(), limit);
        sb.append("; ").append(label).append(" (").append(items.size()).append("): ")
                .append(String.join(", ", items.subList(0, shown)));
        if (items.size() > shown) sb.append(", ... ").append(items.size() - shown).append(" more");
    }
}
