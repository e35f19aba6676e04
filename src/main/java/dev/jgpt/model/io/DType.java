package dev.jgpt.model.io;

import java.nio.ByteBuffer;

/**
 * Safetensors element types jgpt can load. Everything is converted to float on read
 * (half-precision Hub checkpoints become F32 in memory); jgpt itself writes only F32.
 */
public enum DType {
    F32(4), F16(2), BF16(2), F64(8);

    public final int bytes;

    DType(int bytes) { this.bytes = bytes; }

    /** Parses the header's dtype string; {@code null} when the type is not supported. */
    public static DType fromName(String name) {
        for (DType t : values()) if (t.name().equals(name)) return t;
        return null;
    }

    /** Decodes {@code n} little-endian elements from {@code src} (order already set) into dst[off..off+n). */
    void decode(ByteBuffer src, float[] dst, int off, int n) {
        switch (this) {
            case F32 -> src.asFloatBuffer().get(dst, off, n);
            case F16 -> { for (int i = 0; i < n; i++) dst[off + i] = halfToFloat(src.getShort(src.position() + 2 * i)); }
            case BF16 -> { for (int i = 0; i < n; i++) dst[off + i] = bf16ToFloat(src.getShort(src.position() + 2 * i)); }
            case F64 -> { for (int i = 0; i < n; i++) dst[off + i] = (float) src.getDouble(src.position() + 8 * i); }
        }
        src.position(src.position() + n * bytes);
    }

    /** bfloat16 is the top half of an IEEE float, so widening is a shift. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat; that arrived in 20). */
    public static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) // Inf or NaN: keep the payload so NaNs stay NaN
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mant << 13));
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign); // signed zero
            // Subnormal half: value = mant * 2^-24, exact in float.
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
