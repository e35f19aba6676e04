package dev.jgpt.data.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A small synthetic world drawn from a seed: people, their animals and things, at places.
 * Every generator describes the same world, so facts repeat across the corpus and never
 * contradict each other. Thing kinds and names are unique, so "the kite" is unambiguous.
 */
public final class World {
    static final int PEOPLE_PER_GENDER = 5, ANIMALS = 6, THINGS = 14;

    private final List<Person> people;
    private final List<Animal> animals;
    private final List<Thing> things;
    private final List<Place> places;
    // Indexes for lookups only; nothing iterates them, so hash order never reaches the text.
    private final Map<String, Person> personByName = new HashMap<>();
    private final Map<String, Animal> animalByName = new HashMap<>();
    private final Map<String, Thing> thingByKind = new HashMap<>();
    private final Map<String, List<Thing>> thingsByOwner = new HashMap<>();
    private final Map<String, List<Animal>> animalsByOwner = new HashMap<>();

    public World(List<Person> people, List<Animal> animals, List<Thing> things, List<Place> places) {
        this.people = List.copyOf(people);
        this.animals = List.copyOf(animals);
        this.things = List.copyOf(things);
        this.places = List.copyOf(places);
        for (Person p : people) {
            if (personByName.put(p.name(), p) != null) throw new IllegalArgumentException("two people named " + p.name());
        }
        for (Animal a : animals) {
            if (animalByName.put(a.name(), a) != null) throw new IllegalArgumentException("two animals named " + a.name());
            animalsByOwner.computeIfAbsent(a.owner(), k -> new ArrayList<>()).add(a);
        }
        for (Thing t : things) {
            if (thingByKind.put(t.kind(), t) != null) throw new IllegalArgumentException("two things of kind " + t.kind());
            thingsByOwner.computeIfAbsent(t.owner(), k -> new ArrayList<>()).add(t);
        }
    }

    public List<Person> people() { return people; }
    public List<Animal> animals() { return animals; }
    public List<Thing> things() { return things; }
    public List<Place> places() { return places; }

    public record Place(String name, String preposition) {
        /** "in the garden". */
        public String phrase() { return preposition + " the " + name; }
    }

    public record Person(String name, boolean female, int age, Place location, String favouriteColour) {
        public String subjectPronoun() { return female ? "she" : "he"; }
        public String objectPronoun() { return female ? "her" : "him"; }
        public String possessive() { return female ? "her" : "his"; }
    }

    public record Animal(String name, String species, String colour, String size, String owner, Place location) {}

    public record Thing(String kind, String colour, String size, String owner, Place location) {}

    /** Same seed, same world (java.util.Random's sequence is fixed by its specification). */
    public static World generate(long seed) {
        Random rng = new Random(seed);
        List<Place> places = List.copyOf(Words.PLACES);
        List<Person> people = new ArrayList<>();
        List<String> girls = pick(Words.GIRLS, PEOPLE_PER_GENDER, rng);
        List<String> boys = pick(Words.BOYS, PEOPLE_PER_GENDER, rng);
        for (int i = 0; i < PEOPLE_PER_GENDER; i++) {
            people.add(person(girls.get(i), true, places, rng));
            people.add(person(boys.get(i), false, places, rng));
        }
        List<String> petNames = pick(Words.PET_NAMES, ANIMALS, rng);
        List<String> species = pick(Words.SPECIES, ANIMALS, rng);
        List<Animal> animals = new ArrayList<>();
        for (int i = 0; i < ANIMALS; i++) {
            animals.add(new Animal(petNames.get(i), species.get(i), any(Words.ANIMAL_COLOURS, rng),
                    any(Words.SIZES, rng), any(people, rng).name(), any(places, rng)));
        }
        List<Thing> things = new ArrayList<>();
        for (String kind : pick(Words.THINGS, THINGS, rng)) {
            things.add(new Thing(kind, any(Words.COLOURS, rng), any(Words.SIZES, rng),
                    any(people, rng).name(), any(places, rng)));
        }
        return new World(people, animals, things, places);
    }

    private static Person person(String name, boolean female, List<Place> places, Random rng) {
        return new Person(name, female, 4 + rng.nextInt(77), any(places, rng), any(Words.COLOURS, rng));
    }

    public Optional<Person> person(String name) { return Optional.ofNullable(personByName.get(name)); }

    public Optional<Animal> animal(String name) { return Optional.ofNullable(animalByName.get(name)); }

    public Optional<Thing> thing(String kind) { return Optional.ofNullable(thingByKind.get(kind)); }

    /** The owner's things in world order. */
    public List<Thing> thingsOf(String owner) { return List.copyOf(thingsByOwner.getOrDefault(owner, List.of())); }

    public List<Animal> animalsOf(String owner) { return List.copyOf(animalsByOwner.getOrDefault(owner, List.of())); }

    /** All true facts about one subject, in a fixed order. */
    public List<Fact> factsAbout(String subject) {
        List<Fact> out = new ArrayList<>();
        attributes(subject).forEach((r, v) -> out.add(new Fact(subject, r, v)));
        return out;
    }

    /** The world's value for {@code subject}'s {@code relation}; empty when it has none. */
    public Optional<String> value(String subject, Relation relation) {
        return Optional.ofNullable(attributes(subject).get(relation));
    }

    public boolean holds(Fact fact) {
        return value(fact.subject(), fact.relation()).map(fact.value()::equals).orElse(false);
    }

    private Map<Relation, String> attributes(String subject) {
        Map<Relation, String> m = new LinkedHashMap<>();
        person(subject).ifPresent(p -> {
            m.put(Relation.AGE, Integer.toString(p.age()));
            m.put(Relation.LOCATION, p.location().name());
            m.put(Relation.FAVOURITE_COLOUR, p.favouriteColour());
        });
        animal(subject).ifPresent(a -> {
            m.put(Relation.SPECIES, a.species());
            m.put(Relation.OWNER, a.owner());
            m.put(Relation.COLOUR, a.colour());
            m.put(Relation.SIZE, a.size());
            m.put(Relation.LOCATION, a.location().name());
        });
        thing(subject).ifPresent(t -> {
            m.put(Relation.OWNER, t.owner());
            m.put(Relation.COLOUR, t.colour());
            m.put(Relation.SIZE, t.size());
            m.put(Relation.LOCATION, t.location().name());
        });
        return m;
    }

    @Override public boolean equals(Object o) {
        return o instanceof World w && people.equals(w.people) && animals.equals(w.animals)
                && things.equals(w.things) && places.equals(w.places);
    }

    @Override public int hashCode() { return java.util.Objects.hash(people, animals, things, places); }

    @Override public String toString() {
        return "World[people=" + people + ", animals=" + animals + ", things=" + things + "]";
    }

    static <T> T any(List<T> list, Random rng) {
        return list.get(rng.nextInt(list.size()));
    }

    /** {@code n} distinct elements in random order (a partial Fisher-Yates, so no JDK shuffle dependence). */
    static <T> List<T> pick(List<T> list, int n, Random rng) {
        List<T> copy = new ArrayList<>(list);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(copy.size() - i);
            T t = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, t);
        }
        return List.copyOf(copy.subList(0, n));
    }
}
