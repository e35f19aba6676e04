package dev.jgpt.code.sandbox;

import dev.jgpt.code.CodeEvaluator;
import dev.jgpt.code.Problem;
import dev.jgpt.code.ProblemLoader;
import dev.jgpt.code.Sample;
import dev.jgpt.testutil.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opt-in measurement (-Djgpt.bench=true): warm-worker throughput on MBJP canonical solutions.
 * Prints executions per second; wall-clock numbers depend on what else the machine runs.
 */
class SandboxThroughputBench {
    @Test void executionsPerSecond() {
        Assumptions.assumeTrue(Boolean.getBoolean("jgpt.bench"), "benchmark: run with -Djgpt.bench=true");
        List<Problem> problems = ProblemLoader.load(SharedData.require("code/mbjp_release_v1.2.jsonl"));
        List<Sample> samples = CodeEvaluator.canonicalSamples(problems);
        var byId = new java.util.HashMap<String, Problem>();
        problems.forEach(p -> byId.put(p.taskId(), p));
        try (SandboxPool pool = new SandboxPool(SandboxConfig.defaults(), System.err::println)) {
            CodeEvaluator.run(byId, samples.subList(0, 20), pool, () -> { }); // start and warm the workers
            long t0 = System.nanoTime();
            List<CodeEvaluator.SampleResult> rs = CodeEvaluator.run(byId, samples, pool, () -> { });
            double s = (System.nanoTime() - t0) / 1e9;
            long passed = rs.stream().filter(r -> r.result().passed()).count();
            double rate = rs.size() / s;
            System.err.printf("sandbox throughput: %d programs in %.1f s = %.1f/s with %d warm workers (%s), %d passed%n",
                    rs.size(), s, rate, pool.config().workers(), pool.isolation(), passed);
            assertTrue(rate >= 20, "below 20 executions/s: " + rate);
        }
    }
}
