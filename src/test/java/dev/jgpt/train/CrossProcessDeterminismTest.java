package dev.jgpt.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Same seed, same run, across processes: two fresh JVMs train the same two steps and must end
 * with bit-identical parameters. {@link TrainerTest} checks this inside one warmed-up JVM, which
 * cannot see code that computes differently before and after JIT compilation (the Vector API's
 * lanewise EXP/TANH did: a Java fallback first, SVML once compiled).
 */
class CrossProcessDeterminismTest {
    @Test
    void twoProcessesTrainBitIdenticalParameters(@TempDir Path dir) throws Exception {
        String first = probe(dir.resolve("a")), second = probe(dir.resolve("b"));
        assertTrue(first.matches("loss \\p{XDigit}+ loss \\p{XDigit}+ params \\p{XDigit}+"), first);
        assertEquals(first, second);
    }

    private static String probe(Path runDir) throws IOException, InterruptedException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), SeededRunProbe.class.getName(), runDir.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, p.exitValue(), "probe failed: " + out);
        return out;
    }
}
