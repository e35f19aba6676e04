package dev.jgpt.data;

import dev.jgpt.util.AtomicFiles;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One token file, memory-mapped read-only, so a corpus larger than the heap trains without
 * being loaded. Layout (little-endian): a 32-byte header — magic {@code JGPTTOKS}, int version,
 * int bytes per token (2 = uint16, 4 = int32), long token count, int vocabulary size, int 0 —
 * then the ids. The header lets a truncated or foreign file fail at open, naming the file.
 */
public final class TokenDataset {
    static final int HEADER_BYTES = 32, VERSION = 1;
    private static final byte[] MAGIC = "JGPTTOKS".getBytes(StandardCharsets.US_ASCII);
    /** One mapping holds at most 2 GiB; 1 GiB chunks (a multiple of 4) never split a token. */
    private static final int CHUNK_SHIFT = 30;
    private static final long CHUNK_MASK = (1L << CHUNK_SHIFT) - 1;

    private final Path file;
    private final Dtype dtype;
    private final long size;
    private final int vocabSize;
    private final MappedByteBuffer[] chunks;

    private TokenDataset(Path file, Dtype dtype, long size, int vocabSize, MappedByteBuffer[] chunks) {
        this.file = file;
        this.dtype = dtype;
        this.size = size;
        this.vocabSize = vocabSize;
        this.chunks = chunks;
    }

    public Path file() { return file; }
    public Dtype dtype() { return dtype; }
    public int vocabSize() { return vocabSize; }
    /** Number of tokens. */
    public long size() { return size; }

    @Override public String toString() {
        return "TokenDataset[" + file + ", " + size + " tokens, " + dtype.label() + ", vocabulary " + vocabSize + "]";
    }

    public int get(long i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("token " + i + " of " + size + " in " + file);
        long off = i * dtype.bytes;
        MappedByteBuffer b = chunks[(int) (off >>> CHUNK_SHIFT)];
        int pos = (int) (off & CHUNK_MASK);
        int id = dtype == Dtype.UINT16 ? Short.toUnsignedInt(b.getShort(pos)) : b.getInt(pos);
        if (id < 0 || id >= vocabSize) {
            throw new UserException("corrupt token file " + file + ": id " + id + " at " + i + " is outside the vocabulary of " + vocabSize);
        }
        return id;
    }

    /** Copies tokens [from, from + len) into {@code dst[off..]}. */
    public void copy(long from, int[] dst, int off, int len) {
        for (int k = 0; k < len; k++) dst[off + k] = get(from + k);
    }

    public static TokenDataset open(Path file) {
        if (!Files.isRegularFile(file)) throw new UserException("no such token file: " + file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileBytes = ch.size();
            if (fileBytes < HEADER_BYTES) {
                throw new UserException("truncated token file " + file + ": " + fileBytes + " bytes, smaller than its " + HEADER_BYTES + "-byte header");
            }
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (h.hasRemaining() && ch.read(h, h.position()) >= 0) { /* read the whole header */ }
            h.flip();
            byte[] magic = new byte[MAGIC.length];
            h.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new UserException("not a jgpt token file (bad magic): " + file);
            int version = h.getInt(), width = h.getInt();
            long count = h.getLong();
            int vocab = h.getInt();
            if (version != VERSION) throw new UserException("unsupported token file version " + version + " in " + file + " (expected " + VERSION + ")");
            Dtype dtype = Dtype.ofBytes(width);
            if (dtype == null || count < 0 || vocab <= 0 || (dtype == Dtype.UINT16 && vocab > 65536)) {
                throw new UserException("corrupt token file header in " + file + ": " + width + " bytes per token, " + count + " tokens, vocabulary " + vocab);
            }
            long expected = HEADER_BYTES + count * width;
            if (fileBytes != expected) {
                throw new UserException((fileBytes < expected ? "truncated" : "corrupt") + " token file " + file + ": header says "
                        + count + " tokens (" + expected + " bytes), file has " + fileBytes + " bytes");
            }
            long dataBytes = count * width;
            MappedByteBuffer[] chunks = new MappedByteBuffer[(int) ((dataBytes + CHUNK_MASK) >>> CHUNK_SHIFT)];
            for (int c = 0; c < chunks.length; c++) {
                long start = (long) c << CHUNK_SHIFT;
                chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, HEADER_BYTES + start, Math.min(1L << CHUNK_SHIFT, dataBytes - start));
                chunks[c].order(ByteOrder.LITTLE_ENDIAN);
            }
            return new TokenDataset(file, dtype, count, vocab, chunks);
        } catch (IOException e) {
            throw new UserException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes tokens[from, to) atomically; every id must be in [0, vocabSize). */
    public static void write(Path file, int[] tokens, int from, int to, int vocabSize) throws IOException {
        if (vocabSize <= 0) throw new IllegalArgumentException("vocabulary size must be positive: " + vocabSize);
        Dtype dtype = Dtype.forVocab(vocabSize);
        for (int i = from; i < to; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocabSize) {
                throw new IllegalArgumentException("token id " + tokens[i] + " at " + i + " outside vocabulary of " + vocabSize);
            }
        }
        AtomicFiles.write(file, out -> {
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            h.put(MAGIC).putInt(VERSION).putInt(dtype.bytes).putLong(to - from).putInt(vocabSize).putInt(0);
            out.write(h.array());
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = from; i < to; i++) {
                if (buf.remaining() < 4) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                if (dtype == Dtype.UINT16) buf.putShort((short) tokens[i]);
                else buf.putInt(tokens[i]);
            }
            out.write(buf.array(), 0, buf.position());
        });
    }
}
