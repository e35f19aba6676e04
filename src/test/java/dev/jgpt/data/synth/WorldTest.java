package dev.jgpt.data.synth;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class WorldTest {
    @Test
    void sameSeedSameWorldDifferentSeedDifferentWorld() {
        assertEquals(World.generate(5), World.generate(5));
        assertNotEquals(World.generate(5), World.generate(6));
    }

    @Test
    void namesAndKindsAreUniqueSoReferencesAreUnambiguous() {
        for (long seed = 0; seed < 50; seed++) {
            World w = World.generate(seed);
            Set<String> subjects = new HashSet<>();
            w.people().forEach(p -> assertTrue(subjects.add(p.name())));
            w.animals().forEach(a -> assertTrue(subjects.add(a.name())));
            w.things().forEach(t -> assertTrue(subjects.add(t.kind())));
            assertEquals(w.people().size(), w.people().stream().map(World.Person::name).distinct().count());
            assertEquals(w.animals().size(), w.animals().stream().map(World.Animal::species).distinct().count());
            assertEquals(World.PEOPLE_PER_GENDER, w.people().stream().filter(World.Person::female).count());
            for (World.Thing t : w.things()) assertTrue(w.person(t.owner()).isPresent());
            for (World.Animal a : w.animals()) assertTrue(w.person(a.owner()).isPresent());
        }
    }

    @Test
    void factsAboutASubjectHold() {
        World w = World.generate(2);
        for (World.Thing t : w.things()) {
            assertEquals(4, w.factsAbout(t.kind()).size());
            w.factsAbout(t.kind()).forEach(f -> assertTrue(w.holds(f)));
            assertTrue(w.thingsOf(t.owner()).contains(t));
        }
        World.Person p = w.people().get(0);
        assertTrue(w.holds(new Fact(p.name(), Relation.AGE, Integer.toString(p.age()))));
        assertFalse(w.holds(new Fact(p.name(), Relation.AGE, Integer.toString(p.age() + 1))));
        assertFalse(w.holds(new Fact(p.name(), Relation.SPECIES, "dog")), "people have no species");
        assertFalse(w.holds(new Fact("nobody", Relation.AGE, "3")));
    }
}
