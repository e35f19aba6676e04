package dev.jgpt.code;

import dev.jgpt.testutil.SharedData;
import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class LoadersTest {
    @TempDir Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(LoadersTest.class.getResource("/code/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Problem> byId(List<Problem> ps) {
        return ps.stream().collect(Collectors.toMap(Problem::taskId, Function.identity()));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test void loadsMbxpProblemsAndAssemblesPromptCompletionTest() {
        List<Problem> ps = ProblemLoader.load(fixture("mini_mbjp.jsonl"));
        assertEquals(3, ps.size());
        Problem p = ps.get(0);
        assertEquals("MINI/1", p.taskId());
        assertEquals("addOne", p.entryPoint());
        assertNull(ps.get(2).canonicalSolution());
        String program = p.program("BODY");
        assertTrue(program.startsWith(p.prompt() + "BODY\n"));
        assertTrue(program.endsWith(p.test()));
    }

    @Test void loadsHumanEvalXGzipped() throws IOException {
        Path gz = dir.resolve("he.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(fixture("mini_humanevalx.jsonl")));
        }
        List<Problem> ps = ProblemLoader.load(gz);
        assertEquals(1, ps.size());
        assertEquals("Java/0", ps.get(0).taskId());
        assertNotNull(ps.get(0).canonicalSolution());
    }

    @Test void malformedProblemFilesNameTheLine() throws IOException {
        String good = Files.readAllLines(fixture("mini_mbjp.jsonl")).get(0);
        assertMessage(ProblemLoader::load, write("a.jsonl", good + "\n\n{not json\n"), "a.jsonl line 3: invalid JSON");
        assertMessage(ProblemLoader::load, write("b.jsonl", good + "\n{\"task_id\":\"X\",\"prompt\":\"p\"}\n"), "b.jsonl line 2: missing field 'test'");
        assertMessage(ProblemLoader::load, write("c.jsonl", "{\"task_id\":1,\"prompt\":\"p\",\"test\":\"t\"}\n"), "c.jsonl line 1: field 'task_id' must be a string");
        assertMessage(ProblemLoader::load, write("d.jsonl", good + "\n" + good + "\n"), "d.jsonl line 2: duplicate task_id 'MINI/1'");
        assertMessage(ProblemLoader::load, write("e.jsonl", "[1,2]\n"), "e.jsonl line 1: expected a JSON object");
        assertMessage(ProblemLoader::load, write("f.jsonl", ""), "no problems");
        assertMessage(ProblemLoader::load, dir.resolve("missing.jsonl"), "file not found");
    }

    @Test void loadsSamplesNumberingCompletionsPerTask() {
        Map<String, Problem> problems = byId(ProblemLoader.load(fixture("mini_mbjp.jsonl")));
        List<Sample> ss = SampleLoader.load(fixture("mini_samples.jsonl"), problems);
        assertEquals(6, ss.size());
        assertEquals(List.of(0, 1, 2, 0, 1, 2), ss.stream().map(Sample::index).toList());
        assertEquals(5, ss.get(4).line());
    }

    @Test void malformedSampleFilesNameTheLine() throws IOException {
        Map<String, Problem> problems = byId(ProblemLoader.load(fixture("mini_mbjp.jsonl")));
        Function<Path, Object> load = f -> SampleLoader.load(f, problems);
        String ok = "{\"task_id\":\"MINI/1\",\"completion\":\"x\"}\n";
        assertMessage(load, write("s1.jsonl", ok + "{\"task_id\":\"NOPE/9\",\"completion\":\"x\"}\n"),
                "s1.jsonl line 2: unknown task_id 'NOPE/9'");
        assertMessage(load, write("s2.jsonl", ok + ok + "{\"task_id\":\"MINI/1\"}\n"), "s2.jsonl line 3: missing field 'completion'");
        assertMessage(load, write("s3.jsonl", "{\"task_id\":\"MINI/1\",\"completion\":\"x\"\n"), "s3.jsonl line 1: invalid JSON");
        assertEquals(1, SampleLoader.load(write("s4.jsonl", "{\"task_id\":\"MINI/1\",\"generation\":\"x\"}\n"), problems).size());
    }

    @Test void truncatedGzipIsAUserError() throws IOException {
        Path gz = dir.resolve("bad.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("{\"task_id\":\"a\",\"prompt\":\"p\",\"test\":\"t\"}\n".repeat(200).getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));
        UserException e = assertThrows(UserException.class, () -> ProblemLoader.load(gz));
        assertTrue(e.getMessage().contains("bad.jsonl.gz"), e.getMessage());
    }

    @Test void realBenchmarksLoad() {
        List<Problem> mbjp = ProblemLoader.load(SharedData.require("code/mbjp_release_v1.2.jsonl"));
        assertEquals(966, mbjp.size());
        assertEquals(874, CodeEvaluator.canonicalSamples(mbjp).size());
        List<Problem> he = ProblemLoader.load(SharedData.require("code/humaneval-x_java.jsonl.gz"));
        assertEquals(164, he.size());
        assertTrue(he.get(0).test().contains("class Main"));
    }

    private static void assertMessage(Function<Path, ?> loader, Path file, String expected) {
        UserException e = assertThrows(UserException.class, () -> loader.apply(file));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
