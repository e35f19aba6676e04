package dev.jgpt.data.synth;

import java.util.ArrayList;
import java.util.List;

import static dev.jgpt.data.synth.SolutionStep.calc;
import static dev.jgpt.data.synth.Text.plural;

/**
 * The word-problem templates. Each fills a {@link ProblemDraft} with exactly {@code n} solution
 * steps and returns the answer; numbers are chosen so every division is exact and counts of
 * things never go below zero.
 */
final class ProblemTemplates {
    private ProblemTemplates() {}

    /** A quantity changed by a chain of events: buy, give away, double, buy bags, share. */
    static long chain(ProblemDraft d, int n) {
        boolean points = d.rng.nextInt(4) == 0;
        boolean negative = points && d.difficulty.allowNegative();
        d.noun = points ? "point" : World.any(Words.COUNTABLES, d.rng);
        String items = plural(d.noun), she = d.hero.subjectPronoun();
        long cur = d.num(2, 1000);
        d.setup.add(d.hero.name() + " has " + cur + " " + items + (points ? " in a game." : "."));
        d.ask = "How many " + items + " does " + d.hero.name() + " have now?";
        for (int left = n; left > 0; ) {
            int event = d.rng.nextInt(5);
            if (event == 4 && left >= 2) {
                long b = d.num(2, 9), m = d.num(2, 12), p = b * m;
                d.setup.add(points ? d.subject() + " wins " + b + " rounds and gets " + m + " points for each round."
                        : d.subject() + " buys " + b + " bags with " + m + " " + items + " in each.");
                d.step((points ? "The rounds give " : "The bags hold ") + calc(b + "*" + m, p) + " " + items + ".", b + "*" + m, p);
                d.step((points ? "After the rounds, " : "After buying the bags, ") + she + " has " + calc(cur + "+" + p, cur + p) + " " + items + ".",
                        cur + "+" + p, cur + p);
                cur += p;
                left -= 2;
            } else if (event == 3 && left == 1 && !points) {
                long k = divisor(d, cur);
                if (k == 0) continue;  // no exact share: draw another event
                d.setup.add(d.subject() + " shares the " + items + " equally among " + k + " friends.");
                d.ask = "How many " + items + " does each friend get?";
                d.step("Each friend gets " + calc(cur + "/" + k, cur / k) + " " + items + ".", cur + "/" + k, cur / k);
                cur /= k;
                left--;
            } else if (event == 2 && Math.abs(cur) <= d.difficulty.maxNumber()) {
                int f = 2 + d.rng.nextInt(2);
                String verb = f == 2 ? "double" : "triple";
                d.setup.add(points ? "Then " + d.hero.possessive() + " points " + verb + "."
                        : "Then the number of " + items + " " + she + " has " + verb + "s.");
                d.step("When the number " + verb + "s, " + she + " has " + calc(cur + "*" + f, cur * f) + " " + items + ".", cur + "*" + f, cur * f);
                cur *= f;
                left--;
            } else if (event == 1 && (cur >= 1 || negative)) {
                long k = negative ? d.num(1, 1000) : d.num(1, cur);
                String verb = points ? "losing" : Words.FOODS.contains(d.noun) ? "eating" : d.rng.nextBoolean() ? "giving away" : "losing";
                String q = switch (verb) {
                    case "eating" -> " eats " + k + " " + items + ".";
                    case "giving away" -> " gives " + k + " " + items + " to " + d.others(1).get(0).name() + ".";
                    default -> " loses " + k + " " + items + ".";
                };
                d.setup.add(d.subject() + q);
                d.step("After " + verb + " " + k + ", " + she + " has " + calc(cur + "-" + k, cur - k) + " " + items + " left.", cur + "-" + k, cur - k);
                cur -= k;
                left--;
            } else if (event == 0 || left == 1) {
                long k = d.num(1, 1000);
                String from = d.others(1).get(0).name();
                boolean gift = !points && d.rng.nextBoolean();
                d.setup.add(points ? d.subject() + " wins " + k + " points."
                        : gift ? from + " gives " + d.hero.objectPronoun() + " " + k + " more " + items + "."
                        : d.subject() + " buys " + k + " more " + items + ".");
                String why = points ? "winning " + k + " points" : gift ? "getting " + k + " from " + from : "buying " + k + " more";
                d.step("After " + why + ", " + she + " has " + calc(cur + "+" + k, cur + k) + " " + items + ".", cur + "+" + k, cur + k);
                cur += k;
                left--;
            }
        }
        return cur;
    }

    /** A divisor in [2, min(9, max number)] that shares {@code cur} exactly, or 0 when there is none. */
    private static long divisor(ProblemDraft d, long cur) {
        int top = Math.min(9, d.difficulty.maxNumber());
        for (int k = (int) d.num(2, top), tries = 0; tries < top - 1; tries++, k = k == top ? 2 : k + 1) {
            if (cur >= k && cur % k == 0) return k;
        }
        return 0;
    }

    /** People compared one after another ("Leo has 5 more than Mia"); asks for the last or the total. */
    static long compare(ProblemDraft d, int n) {
        boolean total = n > 1 && d.rng.nextBoolean();
        int k = total ? n - 1 : n;
        d.noun = World.any(Words.COUNTABLES, d.rng);
        String items = plural(d.noun);
        List<World.Person> people = new ArrayList<>(List.of(d.hero));
        people.addAll(d.others(k));
        long[] v = new long[k + 1];
        v[0] = d.num(2, 1000);
        d.setup.add(d.hero.name() + " has " + v[0] + " " + items + ".");
        for (int i = 1; i <= k; i++) {
            String who = people.get(i).name(), than = people.get(i - 1).name();
            long prev = v[i - 1];
            String expr;
            int kind = d.rng.nextInt(4);
            if (kind == 1 && prev >= 2) {
                long x = d.num(1, prev - 1);
                d.setup.add(who + " has " + x + " fewer " + items + " than " + than + ".");
                expr = prev + "-" + x;
                v[i] = prev - x;
            } else if (kind == 2 && prev <= d.difficulty.maxNumber()) {
                int f = 2 + d.rng.nextInt(2);
                d.setup.add(who + " has " + (f == 2 ? "twice" : "three times") + " as many " + items + " as " + than + ".");
                expr = prev + "*" + f;
                v[i] = prev * f;
            } else if (kind == 3 && prev % 2 == 0) {
                d.setup.add(who + " has half as many " + items + " as " + than + ".");
                expr = prev + "/2";
                v[i] = prev / 2;
            } else {
                long x = d.num(1, 1000);
                d.setup.add(who + " has " + x + " more " + items + " than " + than + ".");
                expr = prev + "+" + x;
                v[i] = prev + x;
            }
            d.step(who + " has " + calc(expr, v[i]) + " " + items + ".", expr, v[i]);
        }
        if (!total) {
            d.ask = "How many " + items + " does " + people.get(k).name() + " have?";
            return v[k];
        }
        List<String> names = new ArrayList<>(), terms = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i <= k; i++) {
            names.add(people.get(i).name());
            terms.add(Long.toString(v[i]));
            sum += v[i];
        }
        String expr = String.join("+", terms);
        d.ask = "How many " + items + " do " + Text.list(names) + " have together?";
        d.step("Together they have " + calc(expr, sum) + " " + items + ".", expr, sum);
        return sum;
    }

    private static final long[] NOTES = {5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};

    /** Buying several items at a price each; asks for the total or the change from a note. */
    static long shop(ProblemDraft d, int n) {
        boolean change = n == 2 || (n >= 4 && d.rng.nextBoolean());
        int m = n == 1 || n == 2 ? 1 : change ? n - 2 : n - 1;
        List<String> kinds = World.pick(Words.SHOP_ITEMS, m, d.rng);
        d.noun = "dollar";
        String she = d.hero.subjectPronoun();
        List<String> bought = new ArrayList<>(), costs = new ArrayList<>();
        long total = 0;
        for (String kind : kinds) {
            long q = d.num(2, 10), p = d.num(2, 20);
            bought.add(q + " " + plural(kind) + " for " + p + " dollars each");
            d.step("The " + plural(kind) + " cost " + calc(q + "*" + p, q * p) + " dollars.", q + "*" + p, q * p);
            costs.add(Long.toString(q * p));
            total += q * p;
        }
        d.setup.add(d.hero.name() + " buys " + Text.list(bought) + ".");
        if (m > 1) {
            String expr = String.join("+", costs);
            d.step("In total, " + she + " spends " + calc(expr, total) + " dollars.", expr, total);
        }
        if (!change) {
            d.ask = "How many dollars does " + she + " spend" + (m > 1 ? " in total?" : "?");
            return total;
        }
        long note = 0;
        for (long x : NOTES) if (x > total) { note = x; break; }
        d.setup.add(d.subject() + " pays with a " + note + " dollar note.");
        d.ask = "How many dollars does " + she + " get back?";
        d.step(Text.cap(she) + " gets " + calc(note + "-" + total, note - total) + " dollars back.", note + "-" + total, note - total);
        return note - total;
    }
}
