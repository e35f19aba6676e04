package dev.jgpt.reason;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Majority vote over the answers of sampled reasoning paths (self-consistency).
 *
 * @param answer   the most frequent answer, or null when no path produced one
 * @param votes    paths that gave {@code answer}
 * @param paths    all paths, answered or not
 * @param answered paths that produced an answer
 * @param tied     answers that share the top count (just {@code answer} when there is no tie)
 * @param counts   answer → paths, in order of first appearance
 */
public record Vote(String answer, int votes, int paths, int answered, List<String> tied, Map<String, Integer> counts) {
    /**
     * Tallies {@code answers} (null = a path without an answer). A tie goes to the tied answer
     * that appeared first; since paths are independent samples that is a fair random pick, and
     * it keeps a seeded run reproducible. {@link #isTie()} reports it.
     */
    public static Vote of(List<String> answers) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int answered = 0;
        for (String a : answers) {
            if (a == null) continue;
            answered++;
            counts.merge(a, 1, Integer::sum);
        }
        int best = 0;
        for (int c : counts.values()) best = Math.max(best, c);
        List<String> tied = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) if (e.getValue() == best) tied.add(e.getKey());
        String winner = tied.isEmpty() ? null : tied.get(0);
        return new Vote(winner, best, answers.size(), answered, List.copyOf(tied), java.util.Collections.unmodifiableMap(counts));
    }

    public boolean hasAnswer() { return answer != null; }

    public boolean isTie() { return tied.size() > 1; }

    /** The winner's share of all paths (unanswered paths count against it): the vote's confidence. */
    public double share() { return paths == 0 ? 0 : (double) votes / paths; }

    /** Whether the vote is a consensus at this share: an answer, no tie, share >= threshold. */
    public boolean consensus(double threshold) { return hasAnswer() && !isTie() && share() >= threshold; }
}
