package dev.jgpt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgpt.code.*;
import dev.jgpt.code.sandbox.Isolation;
import dev.jgpt.code.sandbox.Outcome;
import dev.jgpt.code.sandbox.SandboxConfig;
import dev.jgpt.code.sandbox.SandboxPool;
import dev.jgpt.util.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.*;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code jgpt code}: generated tasks, sampling completions, and their evaluation (sandboxed execution, pass@k). */
@Command(name = "code", description = "Code tasks, generation and evaluation: sandboxed execution and pass@k.",
        mixinStandardHelpOptions = true, subcommands = {CodeCommand.Eval.class, CodeTasksCommand.class, CodeGenerateCommand.class})
public final class CodeCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = {"Run samples (or the benchmark's own solutions) against a benchmark's tests in the sandbox "
                    + "and report pass@k. Per-sample results go to a JSONL file.",
                    "Problems: MBXP/MBJP or HumanEval-X JSONL (gzipped or not). Samples: JSONL of {task_id, completion}."})
    static final class Eval implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--problems", required = true, paramLabel = "FILE", description = "Benchmark problems (JSONL, .gz allowed).")
        Path problemsFile;

        @Option(names = "--samples", paramLabel = "FILE", description = "Samples, one {task_id, completion} per line.")
        Path samplesFile;

        @Option(names = "--canonical", description = "Evaluate the benchmark's own canonical solutions instead of samples.")
        boolean canonical;

        @Option(names = "--k", split = ",", paramLabel = "K", defaultValue = "1,10,100",
                description = "Values of k for pass@k (default: ${DEFAULT-VALUE}). A k above some problem's sample count is skipped.")
        List<Integer> ks;

        @Option(names = "--workers", paramLabel = "N", description = "Parallel sandbox workers (default: CPU cores).")
        Integer workers;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
                description = "Wall-clock limit per program run (default: ${DEFAULT-VALUE}).")
        double timeoutSeconds;

        @Option(names = "--memory-mb", paramLabel = "MB", defaultValue = "512", description = "Heap limit per worker (default: ${DEFAULT-VALUE}).")
        int heapMb;

        @Option(names = "--isolation", paramLabel = "MODE", defaultValue = "auto",
                description = "auto, namespaces (root), userns, or process (no OS isolation). Default: ${DEFAULT-VALUE}.")
        String isolation;

        @Option(names = "--no-security-manager", description = "Do not install the in-JVM SecurityManager layer (OS layers only).")
        boolean noSecurityManager;

        @Option(names = "--limit", paramLabel = "N", description = "Only the first N problems of the problems file.")
        Integer limit;

        @Option(names = "--out", paramLabel = "FILE",
                description = "Per-sample results (JSONL). Default: <samples>_results.jsonl; none with --canonical.")
        Path out;

        @Option(names = "--json", description = "Print the summary as one JSON object (the last line of stdout).")
        boolean json;

        @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Progress bar on stderr (default: on).")
        boolean progress;

        @Override public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter stderr = spec.commandLine().getErr();
            SandboxConfig config = config();
            for (int k : ks) if (k < 1) throw new UserException("--k values must be >= 1, got " + k);
            if (canonical == (samplesFile != null)) throw new UserException("give exactly one of --samples FILE or --canonical");

            List<Problem> problems = ProblemLoader.load(problemsFile);
            if (limit != null) problems = problems.subList(0, Math.min(Math.max(0, limit), problems.size()));
            Map<String, Problem> byId = problems.stream().collect(Collectors.toMap(Problem::taskId, Function.identity(),
                    (a, b) -> a, LinkedHashMap::new));
            List<Sample> samples;
            if (canonical) {
                samples = CodeEvaluator.canonicalSamples(problems);
                int missing = problems.size() - samples.size();
                if (missing > 0) stderr.println("note: " + missing + " problems have no canonical solution and are skipped");
                if (samples.isEmpty()) throw new UserException(problemsFile + ": no canonical solutions to evaluate");
            } else {
                samples = SampleLoader.load(samplesFile, byId);
            }
            Path resultsFile = out != null ? out : canonical ? null : Path.of(samplesFile + "_results.jsonl");

            long t0 = System.nanoTime();
            List<CodeEvaluator.SampleResult> results;
            Isolation mode;
            Boolean sm;
            try (SandboxPool pool = openPool(config, stderr);
                 Bars bar = Bars.of("eval", samples.size(), !progress)) {
                mode = pool.isolation();
                results = CodeEvaluator.run(byId, samples, pool, bar::step);
                sm = pool.securityManagerActive();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (resultsFile != null) CodeEvaluator.writeResults(resultsFile, results);
            CodeEvaluator.Summary s = CodeEvaluator.summarize(results, ks);
            if (s.problems() < problems.size() && !canonical) {
                stderr.println("note: samples cover " + s.problems() + " of " + problems.size() + " problems; pass@k is over those");
            }
            if (!s.skippedK().isEmpty()) {
                stderr.println("note: pass@k skipped for k=" + s.skippedK() + ": some problems have only "
                        + s.minSamplesPerProblem() + " samples (k must not exceed it)");
            }
            printSummary(stdout, s, mode, sm, seconds, resultsFile);
            stdout.flush();
            return 0;
        }

        private SandboxConfig config() {
            if (timeoutSeconds <= 0 || !Double.isFinite(timeoutSeconds)) throw new UserException("--timeout must be positive");
            if (workers != null && workers < 1) throw new UserException("--workers must be >= 1");
            if (heapMb < 64) throw new UserException("--memory-mb must be at least 64");
            SandboxConfig c = SandboxConfig.defaults()
                    .withTimeoutMs(Math.max(1, Math.round(timeoutSeconds * 1000)))
                    .withHeapMb(heapMb)
                    .withIsolation(Isolation.parse(isolation))
                    .withSecurityManager(!noSecurityManager);
            return workers != null ? c.withWorkers(workers) : c;
        }

        /** An isolation mode that this machine cannot provide is the user's to fix (or to choose another). */
        private static SandboxPool openPool(SandboxConfig config, PrintWriter stderr) {
            try {
                return new SandboxPool(config, msg -> { stderr.println(msg); stderr.flush(); });
            } catch (IllegalStateException e) {
                throw new UserException(e.getMessage(), e);
            }
        }

        private void printSummary(PrintWriter out, CodeEvaluator.Summary s, Isolation mode, Boolean sm,
                                  double seconds, Path resultsFile) {
            String outcomes = s.outcomes().entrySet().stream()
                    .map(e -> e.getKey().id() + "=" + e.getValue()).collect(Collectors.joining(" "));
            out.printf(Locale.ROOT, "problems: %d  samples: %d  passed: %d  (%.1f s, %.1f samples/s)%n",
                    s.problems(), s.samples(), s.passed(), seconds, s.samples() / Math.max(1e-9, seconds));
            out.println("outcomes: " + outcomes);
            for (Map.Entry<Integer, Double> e : s.passAtK().entrySet()) {
                out.printf(Locale.ROOT, "pass@%d: %.4f%n", e.getKey(), e.getValue());
            }
            out.println("sandbox: " + mode.name().toLowerCase(Locale.ROOT)
                    + (Boolean.TRUE.equals(sm) ? " + security manager" : ""));
            if (resultsFile != null) out.println("results: " + resultsFile);
            if (json) {
                ObjectMapper m = new ObjectMapper();
                ObjectNode o = m.createObjectNode();
                o.put("problems", s.problems());
                o.put("samples", s.samples());
                o.put("passed", s.passed());
                ObjectNode pk = o.putObject("pass_at_k");
                s.passAtK().forEach((k, v) -> pk.put("pass@" + k, v));
                o.putPOJO("skipped_k", s.skippedK());
                ObjectNode oc = o.putObject("outcomes");
                for (Outcome x : Outcome.values()) oc.put(x.id(), s.outcomes().get(x));
                o.put("isolation", mode.name().toLowerCase(Locale.ROOT));
                o.put("security_manager", Boolean.TRUE.equals(sm));
                o.put("seconds", Math.round(seconds * 1000) / 1000.0);
                if (resultsFile != null) o.put("results", resultsFile.toString());
                out.println(o);
            }
        }
    }
}
