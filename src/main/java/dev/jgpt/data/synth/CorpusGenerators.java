package dev.jgpt.data.synth;

import dev.jgpt.util.UserException;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * Registry of corpus generators by name. Later stages add theirs with
 * {@code CorpusGenerators.register("reasoning", ReasoningGenerator::new)} and name them in a
 * {@link CorpusMix}; a generator is built per world, so it can draw on the world's facts.
 */
public final class CorpusGenerators {
    private static final Map<String, Function<World, CorpusGenerator>> REGISTRY = new ConcurrentSkipListMap<>();

    static {
        register(FactsGenerator.NAME, FactsGenerator::new);
        register(ArithmeticGenerator.NAME, w -> new ArithmeticGenerator(w, Difficulty.MEDIUM));
        register(DialogueGenerator.NAME, DialogueGenerator::new);
        // Java tasks of the code stage; not in CorpusMix.DEFAULT, named by --mix (e.g. code=3).
        register(dev.jgpt.code.tasks.CodeCorpusGenerator.NAME, w -> new dev.jgpt.code.tasks.CodeCorpusGenerator());
        // Word problems in the reasoning stage's four prompt formats; named by --mix (e.g. reasoning=1).
        register(dev.jgpt.reason.ReasoningCorpusGenerator.NAME, dev.jgpt.reason.ReasoningCorpusGenerator::new);
        register(dev.jgpt.reason.ReasoningCorpusGenerator.FEWER_LONG_NAME, dev.jgpt.reason.ReasoningCorpusGenerator::fewerLong);
        register(dev.jgpt.reason.ReasoningCorpusGenerator.TWO_STYLES_NAME, dev.jgpt.reason.ReasoningCorpusGenerator::twoStyles);
        register(dev.jgpt.reason.ReasoningCorpusGenerator.THREE_STYLES_NAME, dev.jgpt.reason.ReasoningCorpusGenerator::threeStyles);
        register(dev.jgpt.reason.ReasoningCorpusGenerator.THREE_STYLES_MORE_LONG_NAME, dev.jgpt.reason.ReasoningCorpusGenerator::threeStylesMoreLong);
    }

    private CorpusGenerators() {}

    /** Adds a generator; a name is registered once, so two stages cannot silently swap each other's. */
    public static void register(String name, Function<World, CorpusGenerator> factory) {
        if (!name.matches("[a-z0-9_-]+")) throw new IllegalArgumentException("generator names are [a-z0-9_-]+: " + name);
        if (REGISTRY.putIfAbsent(name, factory) != null) throw new IllegalArgumentException("generator already registered: " + name);
    }

    public static boolean isRegistered(String name) { return REGISTRY.containsKey(name); }

    /** Registered names, sorted. */
    public static Set<String> names() { return Set.copyOf(REGISTRY.keySet()); }

    public static CorpusGenerator create(String name, World world) {
        requireKnown(name);
        return REGISTRY.get(name).apply(world);
    }

    /** Refuses a name no generator is registered under, naming the known ones. */
    public static void requireKnown(String name) {
        if (!REGISTRY.containsKey(name))
            throw new UserException("unknown corpus generator '" + name + "' (known: " + String.join(", ", REGISTRY.keySet()) + ")");
    }
}
