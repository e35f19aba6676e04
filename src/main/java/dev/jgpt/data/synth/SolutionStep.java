package dev.jgpt.data.synth;

/**
 * One line of a GSM8K-style solution, e.g. text {@code "Mia has 12+5 = <<12+5=17>>17 apples."},
 * expression {@code "12+5"}, result 17. The expression uses integers and + - * / only, so a
 * checker (or a calculator tool in a later stage) can recompute it.
 */
public record SolutionStep(String text, String expression, long result) {
    /** The calculator annotation GSM8K puts inside the text: {@code <<12+5=17>>}. */
    public String calculatorNote() { return "<<" + expression + "=" + result + ">>"; }

    /** The step's calculation as it appears inside its sentence: {@code 12+5 = <<12+5=17>>17}. */
    public String calculation() { return calc(expression, result); }

    /** "12+5 = <<12+5=17>>17": how a step's calculation appears inside its sentence. */
    static String calc(String expression, long result) {
        return expression + " = <<" + expression + "=" + result + ">>" + result;
    }
}
