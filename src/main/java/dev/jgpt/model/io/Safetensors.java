package dev.jgpt.model.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgpt.util.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the Hugging Face safetensors format
 * (https://github.com/huggingface/safetensors): an 8-byte little-endian u64 header length N,
 * N bytes of UTF-8 JSON mapping each tensor name to {dtype, shape, data_offsets} plus an
 * optional {@code __metadata__} string map, then the raw little-endian tensor bytes.
 * Offsets are relative to the start of the data section.
 *
 * <p>Problems with a file's contents (truncation, bad JSON, inconsistent offsets, unsupported
 * dtypes) raise {@link dev.jgpt.util.UserException} naming the file and the tensor; only
 * genuine I/O failures surface as {@link IOException}.
 */
public final class Safetensors {
    private Safetensors() {}

    /** Key of the free-form string map in the header. */
    public static final String METADATA_KEY = "__metadata__";

    /** One tensor's header entry; begin/end are byte offsets into the data section. */
    public record TensorInfo(String name, DType dtype, int[] shape, long begin, long end) {
        public long numel() { return TensorData.numel(shape); }
        public long byteSize() { return end - begin; }
        @Override public String toString() {
            return name + " " + dtype + TensorData.shapeString(shape) + " @[" + begin + ", " + end + "]";
        }
    }

    /**
     * A parsed header. {@code tensors} keeps the header's order; {@code dataStart} is the file
     * offset of the data section (8 + N) and {@code dataLength} its size in bytes.
     */
    public record Header(LinkedHashMap<String, TensorInfo> tensors, Map<String, String> metadata,
                         long dataStart, long dataLength) {}

    /** A fully loaded file: tensors in header order, converted to float, plus metadata. */
    public record Contents(LinkedHashMap<String, TensorData> tensors, Map<String, String> metadata) {}

    /** Parses and validates the header only: names, dtypes and shapes without loading any data. */
    public static Header readHeader(Path file) throws IOException {
        return SafetensorsReader.readHeader(file);
    }

    /** Loads every tensor as float. Streams the data section, so the heap holds only the result. */
    public static Contents read(Path file) throws IOException {
        return SafetensorsReader.read(file);
    }

    /**
     * Writes {@code tensors} as F32 atomically (temp file + rename via {@link AtomicFiles}).
     * Tensor names are sorted and data laid out contiguously in that order; the metadata map
     * always carries {@code "format": "pt"} (what transformers expects) unless the caller
     * overrides it. The header is padded with spaces to a multiple of 8 bytes so the data
     * section starts 8-aligned, as the format recommends.
     */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        TreeMap<String, TensorData> sorted = new TreeMap<>(tensors);
        byte[] header = headerBytes(sorted, metadata == null ? Map.of() : metadata);
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(len.array());
            out.write(header);
            writeData(out, sorted);
        });
    }

    static byte[] headerBytes(TreeMap<String, TensorData> tensors, Map<String, String> metadata) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode meta = root.putObject(METADATA_KEY); // first, like the reference implementation
        TreeMap<String, String> allMeta = new TreeMap<>();
        allMeta.put("format", "pt");
        allMeta.putAll(metadata);
        allMeta.forEach(meta::put);
        long offset = 0;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.equals(METADATA_KEY))
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            TensorData t = e.getValue();
            ObjectNode node = root.putObject(name);
            node.put("dtype", DType.F32.name());
            ArrayNode shape = node.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            long end = offset + (long) t.numel() * DType.F32.bytes;
            node.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] raw = json.writeValueAsBytes(root);
        int padded = (raw.length + 7) & ~7;
        byte[] out = Arrays.copyOf(raw, padded);
        Arrays.fill(out, raw.length, padded, (byte) ' ');
        return out;
    }

    /** Converts floats to little-endian bytes through one reusable 1 MiB buffer. */
    private static void writeData(OutputStream out, Map<String, TensorData> tensors) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = chunk.asFloatBuffer();
        int perChunk = chunk.capacity() / Float.BYTES;
        for (TensorData t : tensors.values()) {
            float[] data = t.data();
            for (int off = 0; off < data.length; off += perChunk) {
                int n = Math.min(perChunk, data.length - off);
                floats.clear();
                floats.put(data, off, n);
                out.write(chunk.array(), 0, n * Float.BYTES);
            }
        }
    }
}
