package dev.jgpt.model.io;

import dev.jgpt.util.UserException;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every damaged file must produce a UserException that names the file and the problem. */
class SafetensorsCorruptionTest {
    @TempDir Path tmp;
    private Path file;

    @BeforeEach void setUp() { file = tmp.resolve("model.safetensors"); }

    private UserException failsWith(byte[] bytes, String... fragments) throws Exception {
        Files.write(file, bytes);
        UserException e = assertThrows(UserException.class, () -> Safetensors.read(file));
        assertThrows(UserException.class, () -> Safetensors.readHeader(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), () -> "expected '" + f + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one-line message");
        return e;
    }

    private UserException failsWithHeader(String header, byte[] data, String... fragments) throws Exception {
        return failsWith(RawSafetensors.bytes(header, data), fragments);
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test void missingFile() {
        UserException e = assertThrows(UserException.class, () -> Safetensors.read(tmp.resolve("nope.safetensors")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test void shorterThanEightBytes() throws Exception {
        failsWith(new byte[0], "0 bytes", "too short");
        failsWith(new byte[7], "7 bytes", "too short");
    }

    @Test void truncatedAtEveryLength() throws Exception {
        Path good = tmp.resolve("good.safetensors");
        Safetensors.write(good, Map.of("h.0.attn.c_attn.weight", TensorData.zeros(3, 4), "b", TensorData.zeros(5)), Map.of());
        byte[] all = Files.readAllBytes(good);
        for (int len = 0; len < all.length; len++) {
            Files.write(file, Arrays.copyOf(all, len));
            int l = len;
            UserException e = assertThrows(UserException.class, () -> Safetensors.read(file), () -> "length " + l);
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        }
    }

    @Test void truncatedDataSectionNamesTheTensor() throws Exception {
        Path good = tmp.resolve("good.safetensors");
        Safetensors.write(good, Map.of("h.0.attn.c_attn.weight", TensorData.zeros(3, 4)), Map.of());
        byte[] all = Files.readAllBytes(good);
        failsWith(Arrays.copyOf(all, all.length - 4),
                "tensor h.0.attn.c_attn.weight", "data_offsets [0, 48] exceed data section of 44 bytes", "truncated");
    }

    @Test void headerLengthBeyondFile() throws Exception {
        byte[] h = "{}".getBytes(StandardCharsets.UTF_8);
        failsWith(RawSafetensors.bytes(3, h, new byte[0]), "header length 3 exceeds the file size of 10 bytes");
        failsWith(RawSafetensors.bytes(-1L, h, new byte[0]), "header length 18446744073709551615 exceeds");
        failsWith(RawSafetensors.bytes(Long.MAX_VALUE, h, new byte[0]), "exceeds the file size");
        failsWith(RawSafetensors.bytes(0, new byte[0], new byte[0]), "too small");
    }

    @Test void flippedHeaderLengthBytes() throws Exception {
        Path good = tmp.resolve("good.safetensors");
        Safetensors.write(good, Map.of("a", TensorData.zeros(2, 2)), Map.of());
        byte[] all = Files.readAllBytes(good);
        for (int i = 0; i < 8; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = all.clone();
                bad[i] ^= (byte) (1 << bit);
                Files.write(file, bad);
                assertThrows(UserException.class, () -> Safetensors.read(file), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test void shorterHeaderLengthCutsTheJson() throws Exception {
        String header = "{" + entry("a", "F32", "[1]", 0, 4) + "}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        failsWith(RawSafetensors.bytes(h.length - 1, h, RawSafetensors.f32(1f)), "not valid JSON");
    }

    @Test void malformedJson() throws Exception {
        failsWithHeader("{\"a\": {\"dtype\": ", new byte[0], "not valid JSON");
        failsWithHeader("[1, 2, 3]", new byte[0], "does not start with '{'");
        failsWithHeader("{\"a\":1} trailing", new byte[0], "not valid JSON");
        failsWithHeader("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 0, 4) + "}",
                new byte[4], "not valid JSON", "Duplicate");
        failsWith(RawSafetensors.bytes(4, new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'}, new byte[0]), "not valid UTF-8");
    }

    @Test void malformedEntries() throws Exception {
        failsWithHeader("{\"a\":5}", new byte[0], "tensor a", "not a JSON object");
        failsWithHeader("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4], "tensor a", "dtype");
        failsWithHeader("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4], "tensor a", "shape");
        failsWithHeader("{" + entry("a", "F32", "[-1]", 0, 4) + "}", new byte[4], "tensor a", "invalid dimension -1");
        failsWithHeader("{" + entry("a", "F32", "[1.5]", 0, 4) + "}", new byte[4], "tensor a", "invalid dimension");
        failsWithHeader("{" + entry("a", "F32", "[\"2\"]", 0, 4) + "}", new byte[4], "tensor a", "invalid dimension");
        failsWithHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[4], "tensor a", "two integers");
        failsWithHeader("{" + entry("a", "F32", "[1]", -4, 0) + "}", new byte[4], "tensor a", "non-negative");
        failsWithHeader("{" + entry("a", "F32", "[1]", 4, 0) + "}", new byte[4], "tensor a", "end before begin");
        failsWithHeader("{" + entry("a", "F32", "[65536,65536]", 0, 0) + "}", new byte[0], "tensor a", "needs 17179869184 bytes");
        failsWithHeader("{\"__metadata__\":{\"step\":5}}", new byte[0], "__metadata__", "step", "not a string");
        failsWithHeader("{\"__metadata__\":[]}", new byte[0], "__metadata__ is not a JSON object");
    }

    @Test void unknownDtype() throws Exception {
        failsWithHeader("{" + entry("emb", "I64", "[1]", 0, 8) + "}", new byte[8], "tensor emb", "unsupported dtype 'I64'");
        failsWithHeader("{" + entry("emb", "Q4_K", "[1]", 0, 8) + "}", new byte[8], "unsupported dtype 'Q4_K'");
    }

    @Test void sizeMismatchWithShapeTimesDtype() throws Exception {
        failsWithHeader("{" + entry("w", "F32", "[3]", 0, 8) + "}", new byte[8],
                "tensor w", "data_offsets [0, 8] span 8 bytes but shape [3] of F32 needs 12 bytes");
        failsWithHeader("{" + entry("w", "F16", "[3]", 0, 12) + "}", new byte[12], "shape [3] of F16 needs 6 bytes");
    }

    @Test void overlappingOffsets() throws Exception {
        failsWithHeader("{" + entry("a", "F32", "[4]", 0, 16) + "," + entry("b", "F32", "[4]", 8, 24) + "}", new byte[24],
                "tensors a data_offsets [0, 16] and b data_offsets [8, 24] overlap");
        failsWithHeader("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 0, 8) + "}", new byte[8],
                "overlap");
    }

    @Test void holesAndTrailingBytes() throws Exception {
        failsWithHeader("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", new byte[12],
                "tensor b", "4-byte hole");
        failsWithHeader("{" + entry("a", "F32", "[1]", 0, 4) + "}", new byte[12],
                "8 bytes after the last tensor are not described by the header");
    }

    @Test void emptyFileWithEmptyHeaderIsValid() throws Exception {
        Files.write(file, RawSafetensors.bytes("{}", new byte[0]));
        assertTrue(Safetensors.read(file).tensors().isEmpty());
    }

    /** Fuzz: any single corrupted byte either still parses or fails with a UserException, never anything else. */
    @Property(tries = 400)
    void corruptedByteNeverEscapesAsOtherException(@ForAll @IntRange(min = 0, max = 10_000) int where,
                                                  @ForAll byte value) throws Exception {
        Path dir = Files.createTempDirectory("fuzz");
        try {
            Path good = dir.resolve("good.safetensors");
            Safetensors.write(good, Map.of("a", TensorData.zeros(2, 3), "scalar", TensorData.of(new float[]{1f})),
                    Map.of("k", "v"));
            byte[] bad = Files.readAllBytes(good);
            bad[where % bad.length] = value;
            Path f = dir.resolve("bad.safetensors");
            Files.write(f, bad);
            try {
                Safetensors.read(f);
            } catch (UserException expected) {
                assertTrue(expected.getMessage().startsWith(f + ": "));
            }
        } finally {
            DirectorySwap.deleteTree(dir);
        }
    }

    @Test void lengthPrefixIsLittleEndian() throws Exception {
        // A big-endian length (as a hand-rolled writer might produce) must be rejected, not misread.
        byte[] h = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] big = ByteBuffer.allocate(10).order(ByteOrder.BIG_ENDIAN).putLong(2).put(h).array();
        failsWith(big, "exceeds the file size");
    }
}
