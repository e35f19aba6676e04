package dev.jgpt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ReasonTableTest {
    static Map<String, Object> row(String name, double cot, double maj4) {
        return Map.of("model", name,
                "greedy", Map.of("direct", 0.05, "cot", cot, "zero-shot", 0.1, "plain", 0.12),
                "self_consistency", Map.of("maj", Map.of("maj@1", 0.1, "maj@4", maj4), "single_path_accuracy", 0.11, "mean_vote_share", 0.42));
    }

    @Test
    void markdownHasOneRowPerModelAndEveryColumn(@TempDir Path dir) throws Exception {
        List<Map<String, Object>> rows = List.of(row("pretrained", 0.2, 0.3), row("LMSI round 1", 0.25, 0.33));
        String md = ReasonTable.markdown(rows, List.of(1, 4));
        String[] lines = md.strip().split("\n");
        assertEquals(4, lines.length, md);
        assertTrue(lines[0].contains("maj@4"));
        assertEquals(lines[0].chars().filter(c -> c == '|').count(), lines[2].chars().filter(c -> c == '|').count(), "row width matches the header");
        assertTrue(lines[2].startsWith("| pretrained | 5.0% | 20.0% | 10.0% | 12.0% | 11.0% | 10.0% | 30.0% | 0.42 |"), lines[2]);
        assertTrue(lines[3].contains("| 25.0% |"));
        Path png = dir.resolve("r.png");
        ReasonTable.plot(rows, List.of(1, 4), png);
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
    }
}
