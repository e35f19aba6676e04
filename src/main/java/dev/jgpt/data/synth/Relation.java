package dev.jgpt.data.synth;

/** The attributes a fact can state. Which ones apply depends on the kind of subject. */
public enum Relation {
    AGE, LOCATION, FAVOURITE_COLOUR, OWNER, COLOUR, SIZE, SPECIES
}
