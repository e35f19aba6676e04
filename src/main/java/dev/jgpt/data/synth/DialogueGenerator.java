package dev.jgpt.data.synth;

import dev.jgpt.chat.ChatTemplate;
import dev.jgpt.chat.Message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.jgpt.data.synth.Text.a;
import static dev.jgpt.data.synth.World.any;

/**
 * Short dialogues asking about the world or about arithmetic, answered correctly from the
 * ground truth, in the {@link ChatTemplate} format; a quarter start with a system message.
 * Ground truth: {@code "turns"} ({@code List<DialogueTurn>}) and, when there is one,
 * {@code "system"} (the system message).
 */
public final class DialogueGenerator implements CorpusGenerator {
    public static final String NAME = "dialogue";
    /** System messages that some dialogues start with; the answers do not depend on them. */
    static final List<String> SYSTEM_PROMPTS = List.of(
            "You are a helpful assistant.",
            "You are a helpful assistant. Answer briefly.",
            "You answer questions about the people, animals and things in the world.");
    private final World world;
    private final ArithmeticGenerator arithmetic;

    public DialogueGenerator(World world) {
        this.world = world;
        this.arithmetic = new ArithmeticGenerator(world, Difficulty.EASY);
    }

    @Override public String name() { return NAME; }

    @Override
    public Document generate(Random rng) {
        List<DialogueTurn> turns = new ArrayList<>();
        if (rng.nextInt(5) == 0) turns.add(new DialogueTurn("Hello!", "Hello! How can I help you?", null));
        for (int i = 1 + rng.nextInt(3); i > 0; i--) {
            int kind = rng.nextInt(10);
            turns.add(kind < 6 ? askFact(rng) : kind < 8 ? askSum(rng) : askProblem(rng));
        }
        // Rendered with the chat template that serving uses, so a trained model can be chatted with.
        List<Message> messages = new ArrayList<>();
        String system = rng.nextInt(4) == 0 ? any(SYSTEM_PROMPTS, rng) : null;
        if (system != null) messages.add(Message.system(system));
        for (DialogueTurn t : turns) {
            messages.add(Message.user(t.user()));
            messages.add(Message.assistant(t.assistant()));
        }
        Map<String, Object> truth = new HashMap<>();
        truth.put("turns", List.copyOf(turns));
        if (system != null) truth.put("system", system);
        return new Document(NAME, ChatTemplate.render(messages), truth);
    }

    private DialogueTurn askFact(Random rng) {
        int who = rng.nextInt(3);
        if (who == 0) {
            World.Person p = any(world.people(), rng);
            String n = p.name();
            return switch (rng.nextInt(4)) {
                case 0 -> new DialogueTurn("How old is " + n + "?", n + " is " + p.age() + " years old.",
                        new Fact(n, Relation.AGE, Integer.toString(p.age())));
                case 1 -> new DialogueTurn("What is " + n + "'s favourite colour?", n + "'s favourite colour is " + p.favouriteColour() + ".",
                        new Fact(n, Relation.FAVOURITE_COLOUR, p.favouriteColour()));
                case 2 -> new DialogueTurn("Where is " + n + "?", n + " is " + p.location().phrase() + ".",
                        new Fact(n, Relation.LOCATION, p.location().name()));
                default -> isAt(n, n, p.location(), rng);
            };
        }
        if (who == 1) {
            World.Thing t = any(world.things(), rng);
            String s = "the " + t.kind(), S = "The " + t.kind();
            return switch (rng.nextInt(6)) {
                case 0 -> new DialogueTurn("Who owns " + s + "?", S + " belongs to " + t.owner() + ".", new Fact(t.kind(), Relation.OWNER, t.owner()));
                case 1 -> new DialogueTurn("What colour is " + s + "?", S + " is " + t.colour() + ".", new Fact(t.kind(), Relation.COLOUR, t.colour()));
                case 2 -> new DialogueTurn("Is " + s + " big or small?", S + " is " + t.size() + ".", new Fact(t.kind(), Relation.SIZE, t.size()));
                case 3 -> new DialogueTurn("Where is " + s + "?", S + " is " + t.location().phrase() + ".", new Fact(t.kind(), Relation.LOCATION, t.location().name()));
                case 4 -> isColour(t.kind(), s, t.colour(), Words.COLOURS, rng);
                default -> isAt(t.kind(), s, t.location(), rng);
            };
        }
        World.Animal an = any(world.animals(), rng);
        String m = an.name();
        return switch (rng.nextInt(6)) {
            case 0 -> new DialogueTurn("What kind of animal is " + m + "?", m + " is " + a(an.species()) + ".", new Fact(m, Relation.SPECIES, an.species()));
            case 1 -> new DialogueTurn("Who owns " + m + "?", m + " belongs to " + an.owner() + ".", new Fact(m, Relation.OWNER, an.owner()));
            case 2 -> new DialogueTurn("Is " + m + " big or small?", m + " is " + an.size() + ".", new Fact(m, Relation.SIZE, an.size()));
            case 3 -> new DialogueTurn("Where is " + m + "?", m + " is " + an.location().phrase() + ".", new Fact(m, Relation.LOCATION, an.location().name()));
            case 4 -> isColour(m, m, an.colour(), Words.ANIMAL_COLOURS, rng);
            default -> isAt(m, m, an.location(), rng);
        };
    }

    /** "Is the kite red?" asked with the true colour or a wrong one, half and half. */
    private static DialogueTurn isColour(String subject, String ref, String truth, List<String> colours, Random rng) {
        String guess = rng.nextBoolean() ? truth : any(colours, rng);
        String answer = guess.equals(truth) ? "Yes, " + ref + " is " + truth + "." : "No, " + ref + " is " + truth + ".";
        return new DialogueTurn("Is " + ref + " " + guess + "?", answer, new Fact(subject, Relation.COLOUR, truth));
    }

    /** "Is Mia in the garden?" asked with the true place or a wrong one, half and half. */
    private DialogueTurn isAt(String subject, String ref, World.Place truth, Random rng) {
        World.Place guess = rng.nextBoolean() ? truth : any(world.places(), rng);
        String answer = (guess.equals(truth) ? "Yes, " : "No, ") + ref + " is " + truth.phrase() + ".";
        return new DialogueTurn("Is " + ref + " " + guess.phrase() + "?", answer, new Fact(subject, Relation.LOCATION, truth.name()));
    }

    private static DialogueTurn askSum(Random rng) {
        int x = 1 + rng.nextInt(50), y = 1 + rng.nextInt(50);
        return switch (rng.nextInt(3)) {
            case 0 -> new DialogueTurn("What is " + x + " plus " + y + "?", x + " + " + y + " = " + (x + y) + ".", (long) (x + y));
            case 1 -> {
                int hi = Math.max(x, y), lo = Math.min(x, y);
                yield new DialogueTurn("What is " + hi + " minus " + lo + "?", hi + " - " + lo + " = " + (hi - lo) + ".", (long) (hi - lo));
            }
            default -> {
                int f = 2 + rng.nextInt(9);
                yield new DialogueTurn("What is " + x + " times " + f + "?", x + " * " + f + " = " + (x * f) + ".", (long) x * f);
            }
        };
    }

    private DialogueTurn askProblem(Random rng) {
        WordProblem p = arithmetic.problem(rng);
        StringBuilder sb = new StringBuilder();
        for (SolutionStep s : p.solutionSteps()) sb.append(s.text()).append('\n');
        sb.append("The answer is ").append(p.answer()).append('.');
        return new DialogueTurn(p.question(), sb.toString(), p);
    }
}
