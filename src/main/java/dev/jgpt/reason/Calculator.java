package dev.jgpt.reason;

import dev.jgpt.generate.TextGenerator;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The calculator of GSM8K's calculator notes (Cobbe et al. 2021): when a model has written
 * {@code <<48/2=}, the calculator computes the expression and writes {@code 24>>} for it; the
 * model goes on from there (and copies the result after the note, as the training solutions
 * do). The model still chooses every operation and operand, which is the reasoning being
 * measured; the calculator only removes digit-level arithmetic slips.
 *
 * <p>Expressions are integers and decimals with {@code + - * /}, parentheses and unary minus,
 * evaluated exactly (division to 16 significant digits); anything else, or a division by zero,
 * gets no answer and the model writes on unaided.
 */
public final class Calculator implements TextGenerator.Tool {
    public static final Calculator INSTANCE = new Calculator();
    private static final int MAX_EXPRESSION = 64;

    @Override
    public String respond(CharSequence text) {
        int n = text.length();
        if (n < 3 || text.charAt(n - 1) != '=') return null;
        int open = -1;
        for (int i = n - 2; i >= Math.max(1, n - 2 - MAX_EXPRESSION); i--) {
            char c = text.charAt(i);
            if (c == '<' && text.charAt(i - 1) == '<') { open = i + 1; break; }
            if (!(Character.isDigit(c) || "+-*/(). ".indexOf(c) >= 0)) return null;
        }
        if (open < 0 || open >= n - 1) return null;
        BigDecimal v = evaluate(text.subSequence(open, n - 1).toString());
        return v == null ? null : Answers.canonical(v.toPlainString()) + ">>";
    }

    /** The value of an arithmetic expression, or null when it is not one (or divides by zero). */
    public static BigDecimal evaluate(String expr) {
        try {
            Parser p = new Parser(expr.replace(" ", ""));
            BigDecimal v = p.sum();
            return p.pos == p.s.length() ? v : null;
        } catch (ArithmeticException | NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Recursive descent: sum := product (('+'|'-') product)*, product := unary (('*'|'/') unary)*. */
    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) { this.s = s; }

        BigDecimal sum() {
            BigDecimal v = product();
            while (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                char op = s.charAt(pos++);
                BigDecimal r = product();
                v = op == '+' ? v.add(r) : v.subtract(r);
            }
            return v;
        }

        BigDecimal product() {
            BigDecimal v = unary();
            while (pos < s.length() && (s.charAt(pos) == '*' || s.charAt(pos) == '/')) {
                char op = s.charAt(pos++);
                BigDecimal r = unary();
                v = op == '*' ? v.multiply(r) : v.divide(r, MathContext.DECIMAL64);
            }
            return v;
        }

        BigDecimal unary() {
            if (s.charAt(pos) == '-') { pos++; return unary().negate(); }
            if (s.charAt(pos) == '(') {
                pos++;
                BigDecimal v = sum();
                if (s.charAt(pos++) != ')') throw new NumberFormatException("missing )");
                return v;
            }
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) pos++;
            return new BigDecimal(s.substring(start, pos));
        }
    }
}
