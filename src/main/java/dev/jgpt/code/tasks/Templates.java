package dev.jgpt.code.tasks;

import java.util.List;
import java.util.Random;

/** The task templates: arithmetic, array and string functions with one parameter. */
final class Templates {
    private Templates() {}

    private static String k(Random r, int lo, int hi) { return Integer.toString(lo + r.nextInt(hi - lo + 1)); }

    /** Letters a-h only, so a drawn character often occurs in a drawn word and counts are not all 0. */
    private static String ch(Random r) { return Character.toString((char) ('a' + r.nextInt(8))); }

    private static String word(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 2 + r.nextInt(6); i < n; i++) sb.append((char) ('a' + r.nextInt(8)));
        return sb.toString();
    }

    private static int[] array(Random r) {
        int[] a = new int[1 + r.nextInt(5)];
        for (int i = 0; i < a.length; i++) a[i] = r.nextInt(41) - 20;
        return a;
    }

    private static int i(Object o) { return (Integer) o; }

    private static int[] a(Object o) { return (int[]) o; }

    private static String s(Object o) { return (String) o; }

    private static int x(Random r) { return r.nextInt(201) - 100; }

    // Fixed order: the index is not used for splitting, but generation draws from this list.
    static final List<Template> ALL = List.of(
            new Template("add", "int", "int", List.of("addK", "plusK", "increase"), r -> k(r, 1, 99),
                    c -> "Add " + c[0] + " to " + c[1] + ".", c -> List.of("return " + c[1] + " + " + c[0] + ";"),
                    Templates::x, (c, v) -> i(v) + Integer.parseInt(c)),
            new Template("sub", "int", "int", List.of("subtractK", "minusK", "decrease"), r -> k(r, 1, 99),
                    c -> "Subtract " + c[0] + " from " + c[1] + ".", c -> List.of("return " + c[1] + " - " + c[0] + ";"),
                    Templates::x, (c, v) -> i(v) - Integer.parseInt(c)),
            new Template("mul", "int", "int", List.of("multiplyBy", "times", "scale"), r -> k(r, 2, 20),
                    c -> "Multiply " + c[1] + " by " + c[0] + ".", c -> List.of("return " + c[1] + " * " + c[0] + ";"),
                    Templates::x, (c, v) -> i(v) * Integer.parseInt(c)),
            new Template("divisible", "int", "boolean", List.of("isDivisible", "divides", "isMultiple"), r -> k(r, 2, 12),
                    c -> "Check if " + c[1] + " is divisible by " + c[0] + ".",
                    c -> List.of("return " + c[1] + " % " + c[0] + " == 0;"),
                    Templates::x, (c, v) -> i(v) % Integer.parseInt(c) == 0),
            new Template("greater", "int", "boolean", List.of("isGreater", "exceeds", "isAbove"), r -> k(r, 0, 99),
                    c -> "Check if " + c[1] + " is greater than " + c[0] + ".",
                    c -> List.of("return " + c[1] + " > " + c[0] + ";"),
                    Templates::x, (c, v) -> i(v) > Integer.parseInt(c)),
            new Template("sum", "int[]", "int", List.of("sumArray", "total", "arraySum"), r -> "",
                    c -> "Sum of the elements of " + c[1] + ".",
                    c -> List.of("int s = 0;", "for (int v : " + c[1] + ") s += v;", "return s;"),
                    Templates::array, (c, v) -> java.util.Arrays.stream(a(v)).sum()),
            new Template("max", "int[]", "int", List.of("maxArray", "largest", "maxOf"), r -> "",
                    c -> "Largest element of " + c[1] + ".",
                    c -> List.of("int m = " + c[1] + "[0];", "for (int v : " + c[1] + ") if (v > m) m = v;", "return m;"),
                    Templates::array, (c, v) -> java.util.Arrays.stream(a(v)).max().getAsInt()),
            new Template("min", "int[]", "int", List.of("minArray", "smallest", "minOf"), r -> "",
                    c -> "Smallest element of " + c[1] + ".",
                    c -> List.of("int m = " + c[1] + "[0];", "for (int v : " + c[1] + ") if (v < m) m = v;", "return m;"),
                    Templates::array, (c, v) -> java.util.Arrays.stream(a(v)).min().getAsInt()),
            new Template("countAbove", "int[]", "int", List.of("countAbove", "countGreater", "numAbove"), r -> k(r, -9, 9),
                    c -> "Count the elements of " + c[1] + " greater than " + c[0] + ".",
                    c -> List.of("int n = 0;", "for (int v : " + c[1] + ") if (v > " + c[0] + ") n++;", "return n;"),
                    Templates::array, (c, v) -> (int) java.util.Arrays.stream(a(v)).filter(e -> e > Integer.parseInt(c)).count()),
            new Template("countChar", "String", "int", List.of("countChar", "occurrences", "countLetter"), Templates::ch,
                    c -> "Count occurrences of '" + c[0] + "' in " + c[1] + ".",
                    c -> List.of("int n = 0;", "for (char ch : " + c[1] + ".toCharArray()) if (ch == '" + c[0] + "') n++;", "return n;"),
                    Templates::word, (c, v) -> (int) s(v).chars().filter(e -> e == c.charAt(0)).count()),
            new Template("reverse", "String", "String", List.of("reverse", "reverseString", "backwards"), r -> "",
                    c -> "Reverse the string " + c[1] + ".",
                    c -> List.of("return new StringBuilder(" + c[1] + ").reverse().toString();"),
                    Templates::word, (c, v) -> new StringBuilder(s(v)).reverse().toString()),
            new Template("append", "String", "String", List.of("appendSuffix", "addSuffix", "withSuffix"), Templates::ch,
                    c -> "Append \"" + c[0] + "\" to " + c[1] + ".",
                    c -> List.of("return " + c[1] + " + \"" + c[0] + "\";"),
                    Templates::word, (c, v) -> s(v) + c)
    );
}
