package dev.jgpt.data.synth;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class FactsGeneratorTest {
    @Property(tries = 30)
    void everyAssertedFactHoldsInTheWorld(@ForAll long seed) {
        World w = World.generate(seed);
        FactsGenerator g = new FactsGenerator(w);
        Random rng = new Random(seed);
        for (int i = 0; i < 50; i++) {
            Document d = g.generate(rng);
            @SuppressWarnings("unchecked") List<Sentence> sentences = d.truth("sentences", List.class);
            assertFalse(sentences.isEmpty());
            assertEquals(String.join(" ", sentences.stream().map(Sentence::text).toList()), d.text());
            for (Sentence s : sentences) {
                assertFalse(s.facts().isEmpty(), s.text());
                for (Fact f : s.facts()) assertTrue(w.holds(f), f + " in \"" + s.text() + "\"");
            }
        }
    }

    /**
     * Reads the sentences back with patterns written independently of the generator, resolving
     * "she"/"he" to the paragraph's first named person, and checks each claim against the world.
     */
    @Property(tries = 20)
    void sentencesReadBackAgreeWithTheWorld(@ForAll long seed) {
        World w = World.generate(seed);
        FactsGenerator g = new FactsGenerator(w);
        Random rng = new Random(seed ^ 99);
        for (int i = 0; i < 100; i++) {
            String text = g.generate(rng).text();
            String focus = null;
            for (String sentence : text.split("(?<=\\.) ")) {
                if (focus == null) {
                    Matcher m = Pattern.compile("([A-Z][a-z]+)").matcher(sentence);
                    while (m.find()) if (w.person(m.group(1)).isPresent()) { focus = m.group(1); break; }
                }
                new Reader(w, focus).check(sentence);
            }
        }
    }

    private record Reader(World w, String focus) {
        String who(String ref) {
            if (ref.equals("She") || ref.equals("Her") || ref.equals("her") || ref.equals("He") || ref.equals("His") || ref.equals("his")) {
                assertNotNull(focus, "pronoun before any name");
                boolean female = ref.equalsIgnoreCase("she") || ref.equalsIgnoreCase("her");
                assertEquals(female, w.person(focus).orElseThrow().female(), "pronoun gender for " + focus);
                return focus;
            }
            return ref.endsWith("'s") ? ref.substring(0, ref.length() - 2) : ref;
        }

        void is(String subject, Relation r, String value, String sentence) {
            assertEquals(java.util.Optional.of(value), w.value(subject, r), r + " of " + subject + " in \"" + sentence + "\"");
        }

        void at(String subject, String prep, String place, String sentence) {
            is(subject, Relation.LOCATION, place, sentence);
            assertTrue(w.places().contains(new World.Place(place, prep)), "preposition in \"" + sentence + "\"");
        }

        /** Colour or size: whichever the word is. */
        void trait(String subject, String word, String sentence) {
            is(subject, Words.SIZES.contains(word) ? Relation.SIZE : Relation.COLOUR, word, sentence);
        }

        void check(String s) {
            Matcher m;
            if ((m = match("(\\w+) is (\\d+) years old\\.", s)) != null) is(who(m.group(1)), Relation.AGE, m.group(2), s);
            else if ((m = match("(\\w+) is (?:sleeping )?(in|at|on) the (\\w+)\\.", s)) != null) at(who(m.group(1)), m.group(2), m.group(3), s);
            else if ((m = match("(\\w+(?:'s)?) favourite colour is (\\w+)\\.", s)) != null) is(who(m.group(1)), Relation.FAVOURITE_COLOUR, m.group(2), s);
            else if ((m = match("(\\w+) loves the colour (\\w+)\\.", s)) != null) is(who(m.group(1)), Relation.FAVOURITE_COLOUR, m.group(2), s);
            else if ((m = match("(\\w+) has an? (\\w+) (called|named) (\\w+)\\.", s)) != null) {
                is(m.group(4), Relation.OWNER, who(m.group(1)), s);
                is(m.group(4), Relation.SPECIES, m.group(2), s);
            } else if ((m = match("(\\w+) has an? (\\w+) (\\w+)\\.", s)) != null) {
                is(m.group(3), Relation.OWNER, who(m.group(1)), s);
                trait(m.group(3), m.group(2), s);
            } else if ((m = match("The (\\w+) belongs to (\\w+)\\.", s)) != null) is(m.group(1), Relation.OWNER, m.group(2), s);
            else if ((m = match("The (\\w+) is (in|at|on) the (\\w+)\\.", s)) != null) at(m.group(1), m.group(2), m.group(3), s);
            else if ((m = match("The (\\w+) is (\\w+)\\.", s)) != null) trait(m.group(1), m.group(2), s);
            else if ((m = match("(\\w+) keeps the (\\w+) (in|at|on) the (\\w+)\\.", s)) != null) {
                is(m.group(2), Relation.OWNER, who(m.group(1)), s);
                at(m.group(2), m.group(3), m.group(4), s);
            } else if ((m = match("(\\w+) is (\\w+'s|her|his) (\\w+)\\.", s)) != null) {
                is(m.group(1), Relation.OWNER, who(m.group(2)), s);
                is(m.group(1), Relation.SPECIES, m.group(3), s);
            } else if ((m = match("(\\w+'s|Her|His) (\\w+) is (\\w+)\\.", s)) != null) {
                is(m.group(2), Relation.OWNER, who(m.group(1)), s);
                is(m.group(2), Relation.COLOUR, m.group(3), s);
            } else if ((m = match("(\\w+) the (\\w+) is (in|at|on) the (\\w+)\\.", s)) != null) {
                is(m.group(1), Relation.SPECIES, m.group(2), s);
                at(m.group(1), m.group(3), m.group(4), s);
            } else if ((m = match("There is an? (\\w+) (\\w+) (in|at|on) the (\\w+)\\.", s)) != null) {
                is(m.group(2), Relation.COLOUR, m.group(1), s);
                at(m.group(2), m.group(3), m.group(4), s);
            } else if ((m = match("(\\w+) is (\\w+)\\.", s)) != null) trait(m.group(1), m.group(2), s);
            else fail("no reader pattern for \"" + s + "\"");
        }

        private static Matcher match(String regex, String s) {
            Matcher m = Pattern.compile(regex).matcher(s);
            return m.matches() ? m : null;
        }
    }

    @Test
    void paragraphsVary() {
        FactsGenerator g = new FactsGenerator(World.generate(1));
        Random rng = new Random(1);
        java.util.Set<String> texts = new java.util.HashSet<>();
        for (int i = 0; i < 500; i++) texts.add(g.generate(rng).text());
        assertTrue(texts.size() > 400, "distinct paragraphs: " + texts.size());
    }
}
