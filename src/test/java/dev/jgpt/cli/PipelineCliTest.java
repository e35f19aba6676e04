package dev.jgpt.cli;

import dev.jgpt.tensor.Lanes;
import dev.jgpt.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.jgpt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.*;

/** The main job at a few steps: its report, its samples, and a second run that resumes instead of retraining. */
class PipelineCliTest {
    @TempDir Path dir;

    @Test
    void reportsPretrainingAndSamplesAndASecondRunResumes() throws Exception {
        Path out = dir.resolve("pipeline");
        String[] args = {"pipeline", "--out", out.toString(), "--max-iters", "3", "--default-chars", "30000", "--quiet", "--json"};
        CliTest.Run first = run(args);
        assertEquals(0, first.code(), first.err());
        Map<?, ?> report = Json.MAPPER.readValue(first.lastLine(), Map.class);
        Map<?, ?> pre = (Map<?, ?>) report.get("pretrain");
        assertEquals(3, ((Number) pre.get("steps")).intValue());
        double val = ((Number) pre.get("val_loss")).doubleValue();
        assertTrue(val > 0 && val < 10, "an untrained 512-token model scores about ln 512 = 6.2: " + val);
        assertEquals(Lanes.bits(), ((Map<?, ?>) pre.get("kernels")).get("vector_bits"));
        List<?> samples = (List<?>) report.get("samples");
        assertEquals(3, samples.size());
        assertTrue(((String) samples.get(1)).startsWith("Question: "), String.valueOf(samples.get(1)));
        Path weights = out.resolve("checkpoint").resolve("model.safetensors");
        byte[] trained = Files.readAllBytes(weights);

        CliTest.Run second = run(args);
        assertEquals(0, second.code(), second.err());
        Map<?, ?> again = (Map<?, ?>) Json.MAPPER.readValue(second.lastLine(), Map.class).get("pretrain");
        assertEquals(3, ((Number) again.get("steps")).intValue());
        assertArrayEquals(trained, Files.readAllBytes(weights), "a finished run is resumed, not trained again");
    }
}
