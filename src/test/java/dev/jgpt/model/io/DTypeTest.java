package dev.jgpt.model.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Half-precision decoding, checked against hand-computed values and an independent formula. */
class DTypeTest {
    @TempDir Path tmp;

    @Test void f16KnownValues() {
        assertEquals(1.0f, DType.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, DType.halfToFloat((short) 0xC000));
        assertEquals(0.5f, DType.halfToFloat((short) 0x3800));
        assertEquals(0.333251953125f, DType.halfToFloat((short) 0x3555)); // nearest half to 1/3
        assertEquals(65504f, DType.halfToFloat((short) 0x7BFF));          // largest finite half
        assertEquals(0x1p-14f, DType.halfToFloat((short) 0x0400));        // smallest normal
        assertEquals(0x1p-24f, DType.halfToFloat((short) 0x0001));        // smallest subnormal
        assertEquals(1023 * 0x1p-24f, DType.halfToFloat((short) 0x03FF)); // largest subnormal
        assertEquals(Float.POSITIVE_INFINITY, DType.halfToFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, DType.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(DType.halfToFloat((short) 0x7E00)));
        assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(DType.halfToFloat((short) 0x8000)));
    }

    @Test void f16MatchesReferenceFormulaForAllBitPatterns() {
        for (int h = 0; h < 0x10000; h++) {
            int sign = h >> 15, exp = (h >> 10) & 0x1F, mant = h & 0x3FF;
            if (exp == 0x1F) continue; // inf/NaN covered above
            double mag = exp == 0 ? mant * Math.pow(2, -24) : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
            float want = (float) (sign == 1 ? -mag : mag);
            int bits = h;
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(DType.halfToFloat((short) h)),
                    () -> "half bits 0x" + Integer.toHexString(bits));
        }
    }

    @Test void bf16KnownValues() {
        assertEquals(1.0f, DType.bf16ToFloat((short) 0x3F80));
        assertEquals(-3.0f, DType.bf16ToFloat((short) 0xC040));
        assertEquals(3.140625f, DType.bf16ToFloat((short) 0x4049));
        assertEquals(0.333984375f, DType.bf16ToFloat((short) 0x3EAB));
        assertEquals(Float.POSITIVE_INFINITY, DType.bf16ToFloat((short) 0x7F80));
        assertEquals(0x1p-133f, DType.bf16ToFloat((short) 0x0001));
    }

    @Test void readsHandWrittenF16Bf16F64File() throws Exception {
        byte[] f16 = RawSafetensors.le16(0x3C00, 0xC000, 0x3555, 0x0001);   // 8 bytes
        byte[] bf16 = RawSafetensors.le16(0x3F80, 0x4049);                  // 4 bytes
        byte[] f64 = RawSafetensors.f64(1.5, -0.25);                        // 16 bytes
        byte[] data = new byte[28];
        System.arraycopy(f16, 0, data, 0, 8);
        System.arraycopy(bf16, 0, data, 8, 4);
        System.arraycopy(f64, 0, data, 12, 16);
        String header = "{\"a\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]},"
                + "\"c\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[12,28]}}";
        Path f = RawSafetensors.write(tmp.resolve("half.safetensors"), header, data);
        var c = Safetensors.read(f);
        assertArrayEquals(new float[]{1f, -2f, 0.333251953125f, 0x1p-24f}, c.tensors().get("a").data());
        assertArrayEquals(new int[]{2, 2}, c.tensors().get("a").shape());
        assertArrayEquals(new float[]{1f, 3.140625f}, c.tensors().get("b").data());
        assertArrayEquals(new float[]{1.5f, -0.25f}, c.tensors().get("c").data());
        assertTrue(c.metadata().isEmpty());
    }
}
