package dev.jgpt.data.synth;

import java.util.List;

/**
 * The closed word lists of the synthetic world. Kept short and regular (plurals add "s") so a
 * tiny model sees every word many times; the whole corpus uses a few hundred distinct words.
 */
final class Words {
    private Words() {}

    static final List<String> GIRLS = List.of(
            "Mia", "Ana", "Lily", "Emma", "Zoe", "Ella", "Nora", "Ruby", "Lucy", "Sara", "Maya", "Ivy");
    static final List<String> BOYS = List.of(
            "Leo", "Sam", "Max", "Ben", "Tom", "Jack", "Noah", "Finn", "Owen", "Luke", "Adam", "Theo");
    static final List<String> PET_NAMES = List.of(
            "Rex", "Bella", "Coco", "Milo", "Luna", "Pip", "Rocky", "Daisy", "Oscar", "Ziggy");
    static final List<String> SPECIES = List.of(
            "dog", "cat", "rabbit", "horse", "duck", "goat", "parrot", "hamster", "turtle", "pig");
    static final List<String> THINGS = List.of(
            "bicycle", "kite", "ball", "hat", "box", "lamp", "book", "cup", "umbrella", "drum",
            "bag", "clock", "chair", "boat", "guitar", "scarf", "basket", "key", "coat", "train");
    static final List<String> COLOURS = List.of(
            "red", "blue", "green", "yellow", "black", "white", "orange", "purple", "pink", "brown", "grey");
    static final List<String> ANIMAL_COLOURS = List.of("brown", "black", "white", "grey", "orange");
    static final List<String> SIZES = List.of("small", "big");

    /** Places with the preposition English uses for them ("in the garden", "at the school"). */
    static final List<World.Place> PLACES = List.of(
            new World.Place("garden", "in"), new World.Place("kitchen", "in"), new World.Place("park", "in"),
            new World.Place("bedroom", "in"), new World.Place("library", "in"), new World.Place("shed", "in"),
            new World.Place("forest", "in"), new World.Place("school", "at"), new World.Place("market", "at"),
            new World.Place("beach", "at"), new World.Place("station", "at"), new World.Place("farm", "on"));

    /** Countable things in word problems; all plurals are regular. */
    static final List<String> COUNTABLES = List.of(
            "apple", "pencil", "sticker", "marble", "cookie", "card", "egg", "shell", "coin", "flower", "book", "ball");
    /** Countables one can eat: "loses" reads oddly for them, "eats" does not. */
    static final List<String> FOODS = List.of("apple", "cookie", "egg");
    static final List<String> SHOP_ITEMS = List.of(
            "pencil", "notebook", "ball", "cup", "hat", "book", "kite", "toy", "plate", "sticker");
}
