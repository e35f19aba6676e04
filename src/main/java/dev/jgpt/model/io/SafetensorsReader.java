package dev.jgpt.model.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgpt.model.io.Safetensors.Contents;
import dev.jgpt.model.io.Safetensors.Header;
import dev.jgpt.model.io.Safetensors.TensorInfo;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsing and validation behind {@link Safetensors#read} and {@link Safetensors#readHeader}.
 * Validation follows the reference implementation: the data section must be exactly covered
 * by the tensors, without overlaps or holes, and each tensor's byte span must match its
 * shape and dtype. Anything else is reported as a {@link UserException}.
 */
final class SafetensorsReader {
    private SafetensorsReader() {}

    /** The reference implementation refuses headers above 100 MB; so do we, before allocating. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Largest element count a Java float[] can hold. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /** Read buffer; a multiple of 8 so no element straddles two reads. */
    static final int CHUNK_BYTES = 4 << 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            return parseHeader(file, ch);
        }
    }

    static Contents read(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            Header h = parseHeader(file, ch);
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            LinkedHashMap<String, TensorData> out = new LinkedHashMap<>();
            for (TensorInfo t : h.tensors().values()) {
                float[] data = new float[(int) t.numel()];
                readTensor(file, ch, h.dataStart() + t.begin(), t, data, chunk);
                out.put(t.name(), new TensorData(t.shape().clone(), data));
            }
            return new Contents(out, h.metadata());
        }
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new UserException(file + ": no such file");
        }
    }

    private static void readTensor(Path file, FileChannel ch, long pos, TensorInfo t, float[] dst, ByteBuffer chunk)
            throws IOException {
        int perChunk = CHUNK_BYTES / t.dtype().bytes;
        for (int off = 0; off < dst.length; off += perChunk) {
            int n = Math.min(perChunk, dst.length - off);
            chunk.clear().limit(n * t.dtype().bytes);
            while (chunk.hasRemaining()) {
                if (ch.read(chunk, pos + chunk.position()) < 0) // file shrank after the header was checked
                    throw new UserException(file + ": tensor " + t.name() + ": unexpected end of file");
            }
            pos += chunk.limit();
            chunk.flip();
            t.dtype().decode(chunk, dst, off, n);
        }
    }

    static Header parseHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8)
            throw err(file, "file is " + size + " bytes, too short for a safetensors header (needs at least 8)");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lenBuf, 0);
        long n = lenBuf.flip().getLong();
        // n is an unsigned u64: a negative long means an absurdly large value.
        if (n < 0 || n > size - 8)
            throw err(file, "header length " + Long.toUnsignedString(n) + " exceeds the file size of " + size
                    + " bytes (file truncated or not a safetensors file?)");
        if (n > MAX_HEADER_BYTES)
            throw err(file, "header length " + n + " exceeds the " + MAX_HEADER_BYTES + "-byte limit");
        if (n < 2) throw err(file, "header length " + n + " is too small to hold a JSON object");
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(file, ch, hb, 8);
        JsonNode root = parseJson(file, hb.flip());
        return buildHeader(file, root, 8 + n, size - 8 - n);
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining())
            if (ch.read(buf, pos + buf.position()) < 0) throw err(file, "unexpected end of file");
    }

    private static JsonNode parseJson(Path file, ByteBuffer bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw err(file, "header is not valid UTF-8");
        }
        if (!text.startsWith("{")) throw err(file, "header does not start with '{' (not a safetensors file?)");
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || !root.isObject()) throw err(file, "header is not a JSON object");
            return root;
        } catch (JsonProcessingException e) {
            throw err(file, "header is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    private static Header buildHeader(Path file, JsonNode root, long dataStart, long dataLength) {
        LinkedHashMap<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(Safetensors.METADATA_KEY)) metadata = parseMetadata(file, e.getValue());
            else tensors.put(e.getKey(), parseTensor(file, e.getKey(), e.getValue(), dataLength));
        }
        checkCoverage(file, tensors, dataLength);
        return new Header(tensors, metadata, dataStart, dataLength);
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        if (!node.isObject()) throw err(file, Safetensors.METADATA_KEY + " is not a JSON object");
        Map<String, String> meta = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual())
                throw err(file, Safetensors.METADATA_KEY + " value for '" + e.getKey() + "' is not a string");
            meta.put(e.getKey(), e.getValue().textValue());
        });
        return meta;
    }

    private static TensorInfo parseTensor(Path file, String name, JsonNode node, long dataLength) {
        String where = "tensor " + name + ": ";
        if (!node.isObject()) throw err(file, where + "header entry is not a JSON object");
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) throw err(file, where + "missing or non-string \"dtype\"");
        DType dtype = DType.fromName(dt.textValue());
        if (dtype == null)
            throw err(file, where + "unsupported dtype '" + dt.textValue() + "' (jgpt reads F32, F16, BF16, F64)");
        int[] shape = parseShape(file, where, node.get("shape"));
        long[] offs = parseOffsets(file, where, node.get("data_offsets"));
        long begin = offs[0], end = offs[1];
        String span = "data_offsets [" + begin + ", " + end + "]";
        if (end < begin) throw err(file, where + span + " end before begin");
        if (end > dataLength)
            throw err(file, where + span + " exceed data section of " + dataLength + " bytes (file truncated?)");
        long numel;
        try {
            numel = TensorData.numel(shape);
        } catch (ArithmeticException e) {
            throw err(file, where + "shape " + TensorData.shapeString(shape) + " overflows");
        }
        long need = numel > Long.MAX_VALUE / dtype.bytes ? Long.MAX_VALUE : numel * dtype.bytes;
        if (end - begin != need)
            throw err(file, where + span + " span " + (end - begin) + " bytes but shape "
                    + TensorData.shapeString(shape) + " of " + dtype + " needs " + need + " bytes");
        if (numel > MAX_ELEMENTS)
            throw err(file, where + numel + " elements is too large to load into one float array");
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static int[] parseShape(Path file, String where, JsonNode node) {
        if (node == null || !node.isArray()) throw err(file, where + "missing or non-array \"shape\"");
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0)
                throw err(file, where + "shape " + node + " has an invalid dimension " + d);
            shape[i] = d.intValue();
        }
        return shape;
    }

    private static long[] parseOffsets(Path file, String where, JsonNode node) {
        if (node == null || !node.isArray() || node.size() != 2)
            throw err(file, where + "\"data_offsets\" must be an array of two integers, got " + node);
        long[] r = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0)
                throw err(file, where + "\"data_offsets\" " + node + " must hold two non-negative integers");
            r[i] = v.longValue();
        }
        return r;
    }

    /** Every data byte must belong to exactly one tensor: no overlaps, no holes, no trailing bytes. */
    private static void checkCoverage(Path file, Map<String, TensorInfo> tensors, long dataLength) {
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        TensorInfo prev = null;
        for (TensorInfo t : byOffset) {
            if (t.begin() < expected)
                throw err(file, "tensors " + prev.name() + " " + offsets(prev) + " and " + t.name() + " "
                        + offsets(t) + " overlap");
            if (t.begin() > expected)
                throw err(file, "tensor " + t.name() + ": " + (t.begin() - expected) + "-byte hole before "
                        + offsets(t) + " (safetensors requires a fully indexed data section)");
            expected = t.end();
            prev = t;
        }
        if (expected != dataLength)
            throw err(file, (dataLength - expected) + " bytes after the last tensor are not described by the header"
                    + " (data section is " + dataLength + " bytes, tensors cover " + expected + ")");
    }

    private static String offsets(TensorInfo t) { return "data_offsets [" + t.begin() + ", " + t.end() + "]"; }

    private static UserException err(Path file, String problem) {
        return new UserException(file + ": " + problem);
    }
}
