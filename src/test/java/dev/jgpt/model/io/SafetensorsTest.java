package dev.jgpt.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsTest {
    @TempDir Path tmp;

    private static Map<String, TensorData> oddTensors() {
        Map<String, TensorData> m = new LinkedHashMap<>();
        m.put("scalar", TensorData.of(new float[]{42.5f}));
        m.put("vec", TensorData.of(new float[]{1, -2, Float.MIN_VALUE, Float.MAX_VALUE, -0.0f}, 5));
        m.put("odd.3d", TensorData.of(seq(3 * 5 * 7), 3, 5, 7));
        m.put("empty", TensorData.zeros(0, 4));
        m.put("nan_inf", TensorData.of(new float[]{Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, 1, 3));
        return m;
    }

    private static float[] seq(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = i * 0.37f - 5;
        return a;
    }

    @Test void roundTripsOddShapesScalarAndEmptyMetadata() throws Exception {
        Path f = tmp.resolve("t.safetensors");
        Map<String, TensorData> in = oddTensors();
        Safetensors.write(f, in, Map.of());
        var out = Safetensors.read(f);
        assertEquals(new TreeMap<>(in), new TreeMap<>(out.tensors()));
        assertEquals(Map.of("format", "pt"), out.metadata());
        assertArrayEquals(new int[0], out.tensors().get("scalar").shape());
    }

    @Test void roundTripsMetadataAndKeepsSortedOrder() throws Exception {
        Path f = tmp.resolve("m.safetensors");
        Safetensors.write(f, Map.of("b", TensorData.zeros(2), "a", TensorData.zeros(3)), Map.of("step", "100", "note", "ü ✓"));
        var out = Safetensors.read(f);
        assertEquals(List.of("a", "b"), new ArrayList<>(out.tensors().keySet()));
        assertEquals(Map.of("format", "pt", "step", "100", "note", "ü ✓"), out.metadata());
    }

    @Test void layoutFollowsSpec() throws Exception {
        Path f = tmp.resolve("s.safetensors");
        Safetensors.write(f, Map.of("w", TensorData.of(new float[]{1f, 2f}, 2), "b", TensorData.of(new float[]{3f})),
                Map.of());
        byte[] all = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data section must start 8-aligned");
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"}"), header);
        JsonNode json = new ObjectMapper().readTree(header);
        assertEquals("[0,4]", json.get("b").get("data_offsets").toString());
        assertEquals("[4,12]", json.get("w").get("data_offsets").toString());
        assertEquals("F32", json.get("w").get("dtype").asText());
        assertEquals("[]", json.get("b").get("shape").toString());
        ByteBuffer data = ByteBuffer.wrap(all, (int) (8 + n), 12).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3f, data.getFloat());
        assertEquals(1f, data.getFloat());
        assertEquals(2f, data.getFloat());
        assertEquals(8 + n + 12, all.length);
    }

    @Test void readHeaderDoesNotNeedData() throws Exception {
        Path f = tmp.resolve("h.safetensors");
        Safetensors.write(f, oddTensors(), Map.of("k", "v"));
        var h = Safetensors.readHeader(f);
        assertArrayEquals(new int[]{3, 5, 7}, h.tensors().get("odd.3d").shape());
        assertEquals(DType.F32, h.tensors().get("odd.3d").dtype());
        assertEquals("v", h.metadata().get("k"));
        assertEquals(Files.size(f), h.dataStart() + h.dataLength());
    }

    @Test void largeTensorSpansManyReadChunks() throws Exception {
        int n = SafetensorsReader.CHUNK_BYTES / 4 * 2 + 12345; // crosses chunk boundaries
        float[] a = seq(n);
        Path f = tmp.resolve("big.safetensors");
        Safetensors.write(f, Map.of("big", TensorData.of(a, n)), null);
        assertArrayEquals(a, Safetensors.read(f).tensors().get("big").data());
    }

    @Test void overwritesAtomicallyWithoutLeavingTempFiles() throws Exception {
        Path f = tmp.resolve("x.safetensors");
        Safetensors.write(f, Map.of("a", TensorData.zeros(1)), Map.of());
        Safetensors.write(f, Map.of("a", TensorData.zeros(2)), Map.of());
        assertEquals(2, Safetensors.read(f).tensors().get("a").numel());
        try (var s = Files.list(tmp)) { assertEquals(1, s.count()); }
    }

    @Test void rejectsReservedName() {
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(tmp.resolve("r"), Map.of("__metadata__", TensorData.zeros(1)), Map.of()));
    }

    @Property(tries = 60)
    void randomTensorsRoundTrip(@ForAll @Size(max = 4) List<@IntRange(max = 5) Integer> dims,
                                @ForAll @IntRange(min = 1, max = 4) int count, @ForAll long seed) throws Exception {
        Path dir = Files.createTempDirectory("st");
        try {
            Random rnd = new Random(seed);
            int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
            Map<String, TensorData> in = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                TensorData t = TensorData.zeros(shape);
                for (int j = 0; j < t.numel(); j++) t.data()[j] = Float.intBitsToFloat(rnd.nextInt());
                in.put("t" + i, t);
            }
            Path f = dir.resolve("p.safetensors");
            Safetensors.write(f, in, Map.of());
            assertEquals(in, new TreeMap<>(Safetensors.read(f).tensors()));
        } finally {
            DirectorySwap.deleteTree(dir);
        }
    }
}
