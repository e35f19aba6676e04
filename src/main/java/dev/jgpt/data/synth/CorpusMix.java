package dev.jgpt.data.synth;

import dev.jgpt.util.UserException;

import java.util.ArrayList;
import java.util.List;

/**
 * Which registered generators make up a corpus and how often each is drawn (relative weights).
 * Written and parsed as {@code "facts=3,arithmetic=3,dialogue=4"} for the command line.
 */
public record CorpusMix(List<Entry> entries) {
    public record Entry(String name, double weight) {
        public Entry {
            if (!(weight > 0) || Double.isInfinite(weight)) throw new UserException("weight of '" + name + "' must be positive, got " + weight);
        }
    }

    public static final CorpusMix DEFAULT = parse("facts=3,arithmetic=3,dialogue=4");

    public CorpusMix {
        if (entries.isEmpty()) throw new UserException("corpus mix is empty");
        entries = List.copyOf(entries);
    }

    public static CorpusMix of(String name, double weight) {
        return new CorpusMix(List.of(new Entry(name, weight)));
    }

    /** This mix plus one more generator. */
    public CorpusMix with(String name, double weight) {
        List<Entry> e = new ArrayList<>(entries);
        e.add(new Entry(name, weight));
        return new CorpusMix(e);
    }

    public static CorpusMix parse(String spec) {
        List<Entry> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=");
            try {
                if (kv.length != 2) throw new NumberFormatException();
                out.add(new Entry(kv[0].trim(), Double.parseDouble(kv[1].trim())));
            } catch (NumberFormatException e) {
                throw new UserException("bad corpus mix '" + spec + "': expected name=weight,name=weight");
            }
        }
        return new CorpusMix(out);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Entry e : entries) parts.add(e.name() + "=" + (e.weight() == Math.rint(e.weight()) ? Long.toString((long) e.weight()) : Double.toString(e.weight())));
        return String.join(",", parts);
    }
}
