package dev.jgpt.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgpt.util.UserException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a resumed run needs besides weights and optimizer moments: the step reached, the RNG
 * seeds to re-derive random streams, the loss history (for plots that span restarts), and
 * any JSON-able extras (learning-rate schedule position, data loader cursor, ...).
 * Stored as {@code trainer_state.json}.
 */
public record TrainerState(long step, Map<String, Long> rngSeeds, List<LossPoint> lossHistory, Map<String, Object> extra) {
    public static final String FILE_NAME = "trainer_state.json";
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One evaluation point. A NaN loss means "not measured at this step" (validation runs
     * less often than training) and is stored as JSON null; so is a diverged (infinite) loss.
     */
    public record LossPoint(long step, double trainLoss, double valLoss) {}

    public TrainerState {
        rngSeeds = Map.copyOf(rngSeeds == null ? Map.of() : rngSeeds);
        lossHistory = List.copyOf(lossHistory == null ? List.of() : lossHistory);
        extra = extra == null ? Map.of() : new LinkedHashMap<>(extra); // may hold nulls, so no Map.copyOf
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("step", step);
        ObjectNode seeds = root.putObject("rng_seeds");
        rngSeeds.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> seeds.put(e.getKey(), e.getValue()));
        ArrayNode hist = root.putArray("loss_history");
        for (LossPoint p : lossHistory) {
            ObjectNode o = hist.addObject().put("step", p.step());
            putLoss(o, "train_loss", p.trainLoss());
            putLoss(o, "val_loss", p.valLoss());
        }
        root.set("extra", JSON.valueToTree(extra));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("trainer state extras are not JSON-serializable", e);
        }
    }

    private static void putLoss(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v); else o.putNull(key);
    }

    public static TrainerState parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserException(source + ": not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) throw new UserException(source + ": expected a JSON object");
        JsonNode step = root.get("step");
        if (step == null || !step.canConvertToExactIntegral() || !step.canConvertToLong() || step.longValue() < 0)
            throw new UserException(source + ": \"step\" must be a non-negative integer, got " + step);
        Map<String, Long> seeds = new LinkedHashMap<>();
        JsonNode s = root.path("rng_seeds");
        if (!s.isMissingNode() && !s.isObject()) throw new UserException(source + ": \"rng_seeds\" must be an object");
        s.fields().forEachRemaining(e -> {
            if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToLong())
                throw new UserException(source + ": rng_seeds." + e.getKey() + " must be an integer, got " + e.getValue());
            seeds.put(e.getKey(), e.getValue().longValue());
        });
        List<LossPoint> hist = new ArrayList<>();
        JsonNode h = root.path("loss_history");
        if (!h.isMissingNode() && !h.isArray()) throw new UserException(source + ": \"loss_history\" must be an array");
        for (JsonNode p : h) {
            if (!p.path("step").canConvertToLong())
                throw new UserException(source + ": loss_history entry " + p + " has no integer \"step\"");
            hist.add(new LossPoint(p.get("step").longValue(), loss(p, "train_loss", source), loss(p, "val_loss", source)));
        }
        Map<String, Object> extra = root.has("extra")
                ? JSON.convertValue(root.get("extra"), new TypeReference<LinkedHashMap<String, Object>>() {})
                : Map.of();
        return new TrainerState(step.longValue(), seeds, hist, extra);
    }

    private static double loss(JsonNode p, String key, String source) {
        JsonNode v = p.get(key);
        if (v == null || v.isNull()) return Double.NaN;
        if (!v.isNumber()) throw new UserException(source + ": loss_history " + key + " must be a number, got " + v);
        return v.doubleValue();
    }
}
