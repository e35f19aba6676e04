package dev.jgpt.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgpt.cli.Main;
import dev.jgpt.testutil.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** End to end through the command line: {@code jgpt code eval}. */
class CodeEvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    record Run(int exit, String out, String err) {
        JsonNode lastJson() throws Exception {
            List<String> lines = out.strip().lines().toList();
            return JSON.readTree(lines.get(lines.size() - 1));
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("code", "eval", "--no-progress", "--workers", "2"));
        all.addAll(List.of(args));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test void evaluatesSamplesAndReportsPassAtK() throws Exception {
        Path results = dir.resolve("results.jsonl");
        Run r = run("--problems", LoadersTest.fixture("mini_mbjp.jsonl").toString(),
                "--samples", LoadersTest.fixture("mini_samples.jsonl").toString(),
                "--k", "1,2,3,10", "--timeout", "5", "--out", results.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = r.lastJson();
        assertEquals(2, s.get("problems").asInt());
        assertEquals(6, s.get("samples").asInt());
        // MINI/1: 2 of 3 pass, MINI/2: 1 of 3
        assertEquals((2.0 / 3 + 1.0 / 3) / 2, s.get("pass_at_k").get("pass@1").asDouble(), 1e-12);
        assertEquals((1.0 + (1 - 1.0 / 3)) / 2, s.get("pass_at_k").get("pass@2").asDouble(), 1e-12);
        assertEquals(1.0, s.get("pass_at_k").get("pass@3").asDouble(), 1e-12);
        assertEquals(10, s.get("skipped_k").get(0).asInt());
        assertTrue(r.err().contains("skipped for k=[10]"), r.err());
        assertEquals(1, s.get("outcomes").get("compile_error").asInt());
        assertEquals(1, s.get("outcomes").get("failed").asInt());
        assertEquals(1, s.get("outcomes").get("runtime_error").asInt());

        List<JsonNode> lines = Files.readAllLines(results).stream().map(CodeEvalCommandTest::parse).toList();
        assertEquals(6, lines.size());
        assertEquals("MINI/1", lines.get(1).get("task_id").asText());
        assertEquals(1, lines.get(1).get("completion_id").asInt());
        assertEquals("failed", lines.get(1).get("outcome").asText());
        assertTrue(lines.get(1).get("message").asText().contains("test case 0 did not pass"));
        assertEquals("compile_error", lines.get(4).get("outcome").asText());
        assertEquals("runtime_error", lines.get(5).get("outcome").asText());
        assertTrue(lines.get(5).has("duration_ms"));
    }

    @Test void unknownTaskIdIsAClearError() throws Exception {
        Path samples = Files.writeString(dir.resolve("s.jsonl"), "{\"task_id\":\"MINI/1\",\"completion\":\"x\"}\n{\"task_id\":\"MBJP/1\",\"completion\":\"x\"}\n");
        Run r = run("--problems", LoadersTest.fixture("mini_mbjp.jsonl").toString(), "--samples", samples.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("s.jsonl line 2: unknown task_id 'MBJP/1'"), r.err());
        assertFalse(Files.exists(Path.of(samples + "_results.jsonl")), "nothing written on error");
    }

    @Test void badArgumentsAreUserErrors() {
        String problems = LoadersTest.fixture("mini_mbjp.jsonl").toString();
        assertEquals(2, run("--problems", problems).exit(), "neither --samples nor --canonical");
        assertEquals(2, run("--problems", problems, "--canonical", "--k", "0").exit());
        assertEquals(2, run("--problems", problems, "--canonical", "--timeout", "-1").exit());
        assertEquals(2, run("--problems", problems, "--canonical", "--isolation", "bogus").exit());
    }

    @Test void canonicalSolutionsOfTheFixturesPass() throws Exception {
        Run r = run("--problems", LoadersTest.fixture("mini_mbjp.jsonl").toString(), "--canonical", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.lastJson().get("passed").asInt());
        assertTrue(r.err().contains("1 problems have no canonical solution"), r.err());
        Run he = run("--problems", LoadersTest.fixture("mini_humanevalx.jsonl").toString(), "--canonical", "--json");
        assertEquals(1, he.lastJson().get("passed").asInt(), he.out() + he.err());
    }

    @Test void realMbjpCanonicalSubsetMostlyPasses() throws Exception {
        Path mbjp = SharedData.require("code/mbjp_release_v1.2.jsonl");
        Run r = run("--problems", mbjp.toString(), "--canonical", "--limit", "40", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = r.lastJson();
        int samples = s.get("samples").asInt(), passed = s.get("passed").asInt();
        assertTrue(samples >= 35, "canonical solutions among the first 40: " + samples);
        assertTrue(passed >= 0.9 * samples, "only " + passed + "/" + samples + " canonical solutions passed: " + r.out());
    }

    @Test void realHumanEvalXCanonicalSubsetPasses() throws Exception {
        Path he = SharedData.require("code/humaneval-x_java.jsonl.gz");
        Run r = run("--problems", he.toString(), "--canonical", "--limit", "20", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(20, r.lastJson().get("passed").asInt(), r.out());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
