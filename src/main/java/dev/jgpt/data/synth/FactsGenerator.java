package dev.jgpt.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.jgpt.data.synth.Text.a;
import static dev.jgpt.data.synth.Text.cap;
import static dev.jgpt.data.synth.World.any;

/**
 * Short paragraphs of simple sentences about the world: about one person and their things
 * and animals ("Mia has a red kite. The kite is in the garden."), or about who and what is at
 * one place. Every sentence is rendered from true facts.
 *
 * <p>Ground truth: {@code "sentences"} (a {@code List<Sentence>} in text order) and {@code "facts"}
 * (all asserted facts).
 */
public final class FactsGenerator implements CorpusGenerator {
    public static final String NAME = "facts";
    private final World world;

    public FactsGenerator(World world) { this.world = world; }

    @Override public String name() { return NAME; }

    @Override
    public Document generate(Random rng) {
        List<Sentence> sentences = rng.nextInt(5) == 0 ? aboutPlace(any(world.places(), rng), rng) : List.of();
        if (sentences.isEmpty()) sentences = aboutPerson(any(world.people(), rng), rng);
        List<String> texts = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        for (Sentence s : sentences) {
            texts.add(s.text());
            facts.addAll(s.facts());
        }
        return new Document(NAME, String.join(" ", texts),
                Map.of("sentences", List.copyOf(sentences), "facts", List.copyOf(facts)));
    }

    /** Tracks whether the person was named yet, so later sentences may say "she" instead. */
    private static final class Ref {
        final World.Person p;
        boolean named;
        Ref(World.Person p) { this.p = p; }

        /** Subject at the start of a sentence: the name first, then the name or a pronoun. */
        String subject(Random rng) {
            if (named && rng.nextBoolean()) return cap(p.subjectPronoun());
            named = true;
            return p.name();
        }

        /** Possessive at the start of a sentence: "Mia's" or "Her". */
        String possessive(Random rng) {
            return cap(possessiveMid(rng));
        }

        /** Possessive inside a sentence: "Mia's" or "her". */
        String possessiveMid(Random rng) {
            if (named && rng.nextBoolean()) return p.possessive();
            named = true;
            return p.name() + "'s";
        }

        /** The name appeared elsewhere in the sentence (e.g. "The kite belongs to Mia."). */
        String name() {
            named = true;
            return p.name();
        }
    }

    private List<Sentence> aboutPerson(World.Person p, Random rng) {
        Ref ref = new Ref(p);
        List<Sentence> out = new ArrayList<>();
        List<Relation> own = World.pick(List.of(Relation.AGE, Relation.LOCATION, Relation.FAVOURITE_COLOUR), 1 + rng.nextInt(3), rng);
        List<World.Thing> owned = world.thingsOf(p.name());
        List<World.Animal> pets = world.animalsOf(p.name());
        List<World.Thing> things = World.pick(owned, Math.min(2, owned.size()), rng);
        List<World.Animal> animals = World.pick(pets, Math.min(1, pets.size()), rng);
        // Blocks in random order; a thing's or animal's sentences stay together, intro first.
        List<Runnable> blocks = new ArrayList<>();
        for (Relation r : own) blocks.add(() -> out.add(personFact(ref, r, rng)));
        for (World.Thing t : things) blocks.add(() -> thingBlock(ref, t, rng, out));
        for (World.Animal an : animals) blocks.add(() -> animalBlock(ref, an, rng, out));
        World.pick(blocks, blocks.size(), rng).forEach(Runnable::run);
        return out;
    }

    private static Sentence personFact(Ref ref, Relation r, Random rng) {
        World.Person p = ref.p;
        String n = p.name();
        return switch (r) {
            case AGE -> Sentence.of(ref.subject(rng) + " is " + p.age() + " years old.",
                    new Fact(n, r, Integer.toString(p.age())));
            case LOCATION -> Sentence.of(ref.subject(rng) + " is " + p.location().phrase() + ".",
                    new Fact(n, r, p.location().name()));
            case FAVOURITE_COLOUR -> rng.nextBoolean()
                    ? Sentence.of(ref.possessive(rng) + " favourite colour is " + p.favouriteColour() + ".",
                        new Fact(n, r, p.favouriteColour()))
                    : Sentence.of(ref.subject(rng) + " loves the colour " + p.favouriteColour() + ".",
                        new Fact(n, r, p.favouriteColour()));
            default -> throw new IllegalArgumentException(r.toString());
        };
    }

    private static void thingBlock(Ref ref, World.Thing t, Random rng, List<Sentence> out) {
        String k = t.kind(), n = ref.p.name();  // owner facts name the person even when the text says "she"
        Fact owner = new Fact(k, Relation.OWNER, n), colour = new Fact(k, Relation.COLOUR, t.colour());
        Fact size = new Fact(k, Relation.SIZE, t.size()), where = new Fact(k, Relation.LOCATION, t.location().name());
        List<Fact> rest = new ArrayList<>(List.of(colour, size, where));
        switch (rng.nextInt(4)) {
            case 0 -> { out.add(Sentence.of(ref.subject(rng) + " has " + a(t.colour() + " " + k) + ".", owner, colour)); rest.remove(colour); }
            case 1 -> { out.add(Sentence.of(ref.subject(rng) + " has " + a(t.size() + " " + k) + ".", owner, size)); rest.remove(size); }
            case 2 -> { out.add(Sentence.of(ref.possessive(rng) + " " + k + " is " + t.colour() + ".", owner, colour)); rest.remove(colour); }
            default -> out.add(Sentence.of("The " + k + " belongs to " + ref.name() + ".", owner));
        }
        for (Fact f : World.pick(rest, rng.nextInt(3), rng)) {
            out.add(f == where && rng.nextBoolean()
                    ? Sentence.of(ref.subject(rng) + " keeps the " + k + " " + t.location().phrase() + ".", where)
                    : Sentence.of("The " + k + " is " + describe(f, t.location()) + ".", f));
        }
    }

    private static void animalBlock(Ref ref, World.Animal an, Random rng, List<Sentence> out) {
        String m = an.name(), n = ref.p.name();
        Fact owner = new Fact(m, Relation.OWNER, n), species = new Fact(m, Relation.SPECIES, an.species());
        switch (rng.nextInt(3)) {
            case 0 -> out.add(Sentence.of(ref.subject(rng) + " has " + a(an.species()) + " called " + m + ".", owner, species));
            case 1 -> out.add(Sentence.of(ref.subject(rng) + " has " + a(an.species()) + " named " + m + ".", owner, species));
            default -> out.add(Sentence.of(m + " is " + ref.possessiveMid(rng) + " " + an.species() + ".", owner, species));
        }
        List<Fact> rest = List.of(new Fact(m, Relation.COLOUR, an.colour()), new Fact(m, Relation.SIZE, an.size()),
                new Fact(m, Relation.LOCATION, an.location().name()));
        for (Fact f : World.pick(rest, rng.nextInt(3), rng)) {
            out.add(f.relation() == Relation.LOCATION && rng.nextBoolean()
                    ? Sentence.of(m + " is sleeping " + an.location().phrase() + ".", f)
                    : Sentence.of(m + " is " + describe(f, an.location()) + ".", f));
        }
    }

    /** Who and what is at one place; empty when nothing is there. */
    private List<Sentence> aboutPlace(World.Place place, Random rng) {
        List<Sentence> all = new ArrayList<>();
        String at = " is " + place.phrase() + ".";
        for (World.Person p : world.people()) {
            if (p.location().equals(place)) all.add(Sentence.of(p.name() + at, new Fact(p.name(), Relation.LOCATION, place.name())));
        }
        for (World.Animal an : world.animals()) {
            if (an.location().equals(place)) all.add(Sentence.of(an.name() + " the " + an.species() + at,
                    new Fact(an.name(), Relation.SPECIES, an.species()), new Fact(an.name(), Relation.LOCATION, place.name())));
        }
        for (World.Thing t : world.things()) {
            if (!t.location().equals(place)) continue;
            Fact where = new Fact(t.kind(), Relation.LOCATION, place.name());
            all.add(rng.nextBoolean()
                    ? Sentence.of("The " + t.kind() + at, where)
                    : Sentence.of("There is " + a(t.colour() + " " + t.kind()) + " " + place.phrase() + ".",
                        new Fact(t.kind(), Relation.COLOUR, t.colour()), where));
        }
        return World.pick(all, Math.min(all.size(), 2 + rng.nextInt(3)), rng);
    }

    /** The predicate for a colour, size or location fact: "red", "big", "in the garden". */
    private static String describe(Fact f, World.Place location) {
        return f.relation() == Relation.LOCATION ? location.phrase() : f.value();
    }
}
