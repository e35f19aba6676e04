package dev.jgpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Typed, range-checked access to a request body's fields; a wrong value is a 400 naming the field. */
final class Params {
    private final ObjectNode body;

    Params(ObjectNode body) { this.body = body; }

    ObjectNode body() { return body; }

    boolean has(String name) {
        JsonNode v = body.get(name);
        return v != null && !v.isNull();
    }

    JsonNode get(String name) { return has(name) ? body.get(name) : null; }

    double number(String name, double dflt, double min, double max) {
        JsonNode v = get(name);
        if (v == null) return dflt;
        if (!v.isNumber()) throw ApiError.badParameter(name, name + " must be a number, got " + v);
        double d = v.asDouble();
        if (!(d >= min && d <= max)) throw ApiError.badParameter(name, name + " must be between " + fmt(min) + " and " + fmt(max) + ", got " + v);
        return d;
    }

    int integer(String name, int dflt, int min, int max) {
        JsonNode v = get(name);
        if (v == null) return dflt;
        if (!v.isIntegralNumber() || !v.canConvertToInt())
            throw ApiError.badParameter(name, name + " must be an integer, got " + v);
        int i = v.asInt();
        if (i < min || i > max) throw ApiError.badParameter(name, name + " must be between " + min + " and " + max + ", got " + i);
        return i;
    }

    Long longValue(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw ApiError.badParameter(name, name + " must be an integer, got " + v);
        return v.asLong();
    }

    boolean bool(String name, boolean dflt) {
        JsonNode v = get(name);
        if (v == null) return dflt;
        if (!v.isBoolean()) throw ApiError.badParameter(name, name + " must be true or false, got " + v);
        return v.asBoolean();
    }

    String string(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isTextual()) throw ApiError.badParameter(name, name + " must be a string, got " + v);
        return v.asText();
    }

    /** A string or an array of strings (as {@code stop} and {@code prompt} may be). */
    List<String> strings(String name, int maxCount) {
        JsonNode v = get(name);
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        if (v.isTextual()) out.add(v.asText());
        else if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual()) throw ApiError.badParameter(name, name + " must be a string or an array of strings");
                out.add(e.asText());
            }
        } else throw ApiError.badParameter(name, name + " must be a string or an array of strings, got " + v);
        if (out.size() > maxCount) throw ApiError.badParameter(name, name + " takes at most " + maxCount + " entries, got " + out.size());
        return out;
    }

    /** Rejects a feature this server does not implement, rather than silently ignoring it. */
    void unsupported(String name, boolean whenTrue) {
        JsonNode v = get(name);
        if (v == null) return;
        boolean set = v.isBoolean() ? v.asBoolean() == whenTrue : !(v.isArray() && v.isEmpty());
        if (set) throw ApiError.badParameter(name, name + " is not supported by this server");
    }

    private static String fmt(double d) { return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d); }
}
