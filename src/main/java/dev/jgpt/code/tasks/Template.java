package dev.jgpt.code.tasks;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * One kind of task: how to draw its constant, and how to render doc, signature, body and the
 * expected result of an input. Kept deliberately regular (one parameter, a 1-3 line body) so a
 * tiny model can learn the mapping from the doc comment to the body.
 *
 * @param id        stable name, part of the split key
 * @param type      parameter type: "int", "int[]" or "String"
 * @param returns   return type
 * @param names     method-name variants (the class is the method name capitalised)
 * @param constant  draws the task's constant (rendered as Java source)
 * @param doc       doc comment text from (constant, parameter name)
 * @param body      body lines from (constant, parameter name), each without indentation
 * @param inputs    draws test inputs (Java values)
 * @param eval      reference semantics: (constant, input) to the expected value
 */
record Template(String id, String type, String returns, List<String> names,
                Function<Random, String> constant,
                Function<String[], String> doc, Function<String[], List<String>> body,
                Function<Random, Object> inputs, EvalFn eval) {

    interface EvalFn { Object apply(String constant, Object input); }
}
