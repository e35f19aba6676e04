package dev.jgpt.code.tasks;

import dev.jgpt.code.Problem;
import dev.jgpt.util.UserException;

import java.util.*;

/**
 * Seeded generator of small Java tasks in MBJP's format (prompt = class and method signature,
 * completion = body + closing braces, test = a {@code Main} class that throws on a wrong
 * answer), so {@link dev.jgpt.code.CodeEvaluator} runs them unchanged.
 *
 * <p>Split: a task is fixed by its parameters (template, constant, method name, parameter
 * name); a stable hash of those decides train or held-out, so a held-out task's prompt and
 * solution never occur in training text. Held-out tasks reuse the templates with unseen
 * parameter combinations: the benchmark measures generalisation within the templates.
 */
public final class CodeTasks {
    public enum Split {
        TRAIN, HELDOUT;

        public static Split parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "train" -> TRAIN;
                case "heldout", "held-out", "test" -> HELDOUT;
                default -> throw new UserException("unknown split '" + s + "' (train or heldout)");
            };
        }
    }

    /** One generated task; {@code key} names its parameters and decides its split. */
    public record Task(String template, String key, Problem problem) {
        /** The training text: prompt followed by the canonical completion. */
        public String text() { return problem.prompt() + problem.canonicalSolution(); }
    }

    /** One held-out task in five. */
    static final int HELDOUT_MODULUS = 5;
    private static final int TESTS = 4;
    private static final Map<String, List<String>> PARAMS = Map.of(
            "int", List.of("x", "n", "a", "v"),
            "int[]", List.of("a", "xs", "nums", "arr"),
            "String", List.of("s", "str", "text", "w"));

    private CodeTasks() {}

    public static Split splitOf(String key) {
        // String.hashCode is specified by the JLS, so the split is the same on every JVM; the
        // multiply-shift spreads keys that differ only in their last characters.
        long h = (key.hashCode() & 0xffffffffL) * 0x9E3779B97F4A7C15L;
        return Long.remainderUnsigned(h >>> 17, HELDOUT_MODULUS) == 0 ? Split.HELDOUT : Split.TRAIN;
    }

    /** A random task of either split. */
    public static Task draw(Random rng, String taskId) {
        Template t = Templates.ALL.get(rng.nextInt(Templates.ALL.size()));
        String c = t.constant().apply(rng);
        String method = t.names().get(rng.nextInt(t.names().size()));
        List<String> params = PARAMS.get(t.type());
        String param = params.get(rng.nextInt(params.size()));
        String key = t.id() + "|" + c + "|" + method + "|" + param;
        String cls = Character.toUpperCase(method.charAt(0)) + method.substring(1);
        String[] cp = {c, param};
        String prompt = "class " + cls + " {\n    /** " + t.doc().apply(cp) + " */\n"
                + "    public static " + t.returns() + " " + method + "(" + t.type() + " " + param + ") {\n";
        StringBuilder body = new StringBuilder();
        for (String line : t.body().apply(cp)) body.append("        ").append(line).append('\n');
        body.append("    }\n}");
        return new Task(t.id(), key, new Problem(taskId, prompt, test(t, c, cls + "." + method, rng), body.toString(), method));
    }

    /** A random task of the given split (draws until one falls in it). */
    public static Task draw(Random rng, Split split, String taskId) {
        while (true) {
            Task t = draw(rng, taskId);
            if (splitOf(t.key()) == split) return t;
        }
    }

    /** {@code n} distinct tasks of a split, with ids {@code JGPT/<split>/<i>}. */
    public static List<Task> tasks(Split split, long seed, int n) {
        Random rng = new Random(seed);
        Set<String> seen = new HashSet<>();
        List<Task> out = new ArrayList<>();
        for (int tries = 0; out.size() < n; tries++) {
            if (tries > 1000 * (n + 10)) throw new UserException("cannot draw " + n + " distinct " + split + " tasks");
            Task t = draw(rng, split, "JGPT/" + split.name().toLowerCase(Locale.ROOT) + "/" + out.size());
            if (seen.add(t.key())) out.add(t);
        }
        return out;
    }

    public static List<Problem> problems(Split split, long seed, int n) {
        return tasks(split, seed, n).stream().map(Task::problem).toList();
    }

    /** MBJP-style test: one assert per input, each throwing with the case number and the value. */
    private static String test(Template t, String c, String call, Random rng) {
        StringBuilder sb = new StringBuilder("\n\nclass Main {\n    public static void main(String[] args) throws Exception {\n");
        for (int i = 0; i < TESTS; i++) {
            Object in = t.inputs().apply(rng);
            String v = "x" + i;
            sb.append("        ").append(t.returns()).append(' ').append(v).append(" = ").append(call)
                    .append('(').append(literal(in)).append(");\n")
                    .append("        if (!(java.util.Objects.equals(").append(v).append(", ").append(literal(t.eval().apply(c, in))).append("))) {\n")
                    .append("            throw new java.lang.Exception(\"Exception -- test case ").append(i)
                    .append(" did not pass. ").append(v).append(" = \" + ").append(v).append(");\n")
                    .append("        }\n");
        }
        return sb.append("    }\n}\n").toString();
    }

    private static String literal(Object v) {
        if (v instanceof String s) return "\"" + s + "\"";  // words are [a-h]*: nothing to escape
        if (v instanceof int[] a) {
            StringJoiner j = new StringJoiner(", ", "new int[]{", "}");
            for (int x : a) j.add(Integer.toString(x));
            return j.toString();
        }
        return String.valueOf(v);
    }
}
