package dev.jgpt.data.synth;

/**
 * Independent evaluator for the solution expressions (integers, + - * /, usual precedence), so
 * the tests recompute answers instead of trusting the generator's arithmetic. Division must be exact.
 */
final class Calc {
    private final String s;
    private int i;

    private Calc(String s) { this.s = s; }

    static long eval(String expression) {
        Calc c = new Calc(expression);
        long v = c.sum();
        if (c.i != expression.length()) throw new IllegalArgumentException("trailing input in " + expression);
        return v;
    }

    private long sum() {
        long v = product();
        while (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            char op = s.charAt(i++);
            long r = product();
            v = op == '+' ? v + r : v - r;
        }
        return v;
    }

    private long product() {
        long v = number();
        while (i < s.length() && (s.charAt(i) == '*' || s.charAt(i) == '/')) {
            char op = s.charAt(i++);
            long r = number();
            if (op == '/' && (r == 0 || v % r != 0)) throw new ArithmeticException("inexact division in " + s);
            v = op == '*' ? v * r : v / r;
        }
        return v;
    }

    private long number() {
        int start = i;
        if (i < s.length() && s.charAt(i) == '-') i++;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (i == start || (i == start + 1 && s.charAt(start) == '-')) throw new IllegalArgumentException("number expected at " + start + " in " + s);
        return Long.parseLong(s.substring(start, i));
    }
}
