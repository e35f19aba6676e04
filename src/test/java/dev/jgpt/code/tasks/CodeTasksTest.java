package dev.jgpt.code.tasks;

import dev.jgpt.code.CodeEvaluator;
import dev.jgpt.code.Problem;
import dev.jgpt.code.Sample;
import dev.jgpt.code.sandbox.Isolation;
import dev.jgpt.code.sandbox.SandboxConfig;
import dev.jgpt.code.sandbox.SandboxPool;
import dev.jgpt.data.synth.Corpus;
import dev.jgpt.data.synth.CorpusGenerators;
import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.data.synth.Document;
import org.junit.jupiter.api.Test;

import java.util.*;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class CodeTasksTest {
    @Test void sameSeedSameTasks() {
        assertEquals(CodeTasks.problems(CodeTasks.Split.HELDOUT, 7, 30), CodeTasks.problems(CodeTasks.Split.HELDOUT, 7, 30));
        assertNotEquals(CodeTasks.problems(CodeTasks.Split.TRAIN, 7, 30), CodeTasks.problems(CodeTasks.Split.TRAIN, 8, 30));
        List<CodeTasks.Task> ts = CodeTasks.tasks(CodeTasks.Split.TRAIN, 3, 200);
        assertEquals(200, ts.stream().map(CodeTasks.Task::key).distinct().count());
        assertEquals(Templates.ALL.size(), ts.stream().map(CodeTasks.Task::template).distinct().count(), "every template is drawn");
    }

    @Test void splitsAreDisjointAndHeldoutTextNeverInTrainingCorpus() {
        List<CodeTasks.Task> held = CodeTasks.tasks(CodeTasks.Split.HELDOUT, 1, 50);
        Set<String> heldKeys = held.stream().map(CodeTasks.Task::key).collect(Collectors.toSet());
        for (CodeTasks.Task t : held) assertEquals(CodeTasks.Split.HELDOUT, CodeTasks.splitOf(t.key()));
        for (CodeTasks.Task t : CodeTasks.tasks(CodeTasks.Split.TRAIN, 1, 500)) assertFalse(heldKeys.contains(t.key()));
        // The doc comment plus the signature is what fixes a task; none may occur in training text.
        String corpus = Corpus.generate(1, 300_000, CorpusMix.of("code", 1), Corpus.END_OF_TEXT);
        for (CodeTasks.Task t : held) {
            String prompt = t.problem().prompt();
            assertFalse(corpus.contains(prompt.substring(prompt.indexOf("/**"))), t.key());
        }
        // Both splits are non-trivial: about one task in five is held out.
        Random rng = new Random(2);
        long heldOut = 0;
        for (int i = 0; i < 2000; i++) if (CodeTasks.splitOf(CodeTasks.draw(rng, "t").key()) == CodeTasks.Split.HELDOUT) heldOut++;
        assertTrue(heldOut > 250 && heldOut < 550, "held out: " + heldOut + " of 2000");
    }

    @Test void codeGeneratorDocumentsAreTrainingTasks() {
        assertTrue(CorpusGenerators.isRegistered("code"));
        CodeCorpusGenerator g = (CodeCorpusGenerator) CorpusGenerators.create("code", Corpus.world(1));
        Random rng = new Random(5);
        for (int i = 0; i < 100; i++) {
            Document d = g.generate(rng);
            String prompt = d.truth("prompt", String.class), completion = d.truth("completion", String.class);
            assertEquals(prompt + completion, d.text());
            assertFalse(d.text().contains("\n\n"), "no blank lines (the default separator)");
            assertTrue(d.text().startsWith("class "));
            assertTrue(prompt.endsWith(") {\n"));
            assertTrue(completion.endsWith("    }\n}"));
            assertEquals(CodeTasks.Split.TRAIN, CodeTasks.splitOf(d.truth("key", String.class)));
            assertTrue(completion.lines().count() <= 5, completion);
        }
    }

    @Test void canonicalSolutionsPassTheirTestsAndWrongOnesFail() {
        List<Problem> problems = new ArrayList<>(CodeTasks.problems(CodeTasks.Split.HELDOUT, 11, 16));
        Map<String, Problem> byId = problems.stream().collect(Collectors.toMap(Problem::taskId, Function.identity()));
        List<Sample> samples = new ArrayList<>(CodeEvaluator.canonicalSamples(problems));
        samples.add(new Sample(problems.get(0).taskId(), 1, "        return null;\n    }\n}", 0));
        SandboxConfig cfg = SandboxConfig.defaults().withWorkers(2).withTimeoutMs(5000).withIsolation(Isolation.PROCESS);
        List<CodeEvaluator.SampleResult> results;
        try (SandboxPool pool = new SandboxPool(cfg, w -> { })) {
            results = CodeEvaluator.run(byId, samples, pool, () -> { });
        }
        for (int i = 0; i < problems.size(); i++) {
            assertTrue(results.get(i).result().passed(), problems.get(i).taskId() + ": " + results.get(i).result().message()
                    + "\n" + problems.get(i).program(problems.get(i).canonicalSolution()));
        }
        assertFalse(results.get(problems.size()).result().passed(), "a wrong answer fails its test");
    }
}
