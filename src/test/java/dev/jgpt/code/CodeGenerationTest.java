package dev.jgpt.code;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CodeGenerationTest {
    @TempDir Path dir;

    @Test void promptIsFedWithoutItsLastNewlineAndTheClassIsClosed() {
        String prompt = "class A {\n    public static int f(int x) {\n";
        assertEquals("class A {\n    public static int f(int x) {", CodeGeneration.feed(prompt));
        String generated = "\n        return x;\n    }";  // cut at the stop "\n}"
        String completion = CodeGeneration.close(CodeGeneration.unfeed(prompt, generated));
        assertEquals("        return x;\n    }\n}", completion);
        assertEquals("x", CodeGeneration.unfeed("no newline", "x"));
        assertEquals("        return", CodeGeneration.close("        return"), "an unfinished body is left as it is");
    }

    @Test void samplesAndProblemsRoundTrip() throws Exception {
        Problem p = new Problem("T/0", "class A {\n", "\n\nclass Main {}\n", "}", "f");
        Path problems = dir.resolve("p.jsonl"), samples = dir.resolve("s.jsonl");
        CodeGeneration.writeProblems(problems, List.of(p));
        assertEquals(List.of(p), ProblemLoader.load(problems));
        CodeGeneration.writeSamples(samples, List.of(new Sample("T/0", 0, "a\"\n", 0), new Sample("T/0", 1, "b", 0)));
        assertTrue(Files.readString(samples).startsWith("{\"task_id\""));
        List<Sample> back = SampleLoader.load(samples, Map.of("T/0", p));
        assertEquals(List.of("a\"\n", "b"), back.stream().map(Sample::completion).toList());
    }
}
