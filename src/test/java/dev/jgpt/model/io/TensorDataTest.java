package dev.jgpt.model.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TensorDataTest {
    @Test void scalarHasOneElement() {
        TensorData s = TensorData.of(new float[]{3f});
        assertEquals(0, s.rank());
        assertEquals(1, s.numel());
    }

    @Test void rejectsShapeDataMismatch() {
        var e = assertThrows(IllegalArgumentException.class, () -> TensorData.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TensorData.of(new float[0], -1, 0));
        assertThrows(IllegalArgumentException.class, () -> TensorData.of(new float[0]));
    }

    @Test void zeroSizedDimensionsAreAllowed() {
        assertEquals(0, TensorData.zeros(0, 7).numel());
    }

    @Test void equalityIsByContent() {
        assertEquals(TensorData.of(new float[]{1, 2}, 2), TensorData.of(new float[]{1, 2}, 2));
        assertNotEquals(TensorData.of(new float[]{1, 2}, 2), TensorData.of(new float[]{1, 2}, 1, 2));
        assertEquals(TensorData.of(new float[]{1, 2}, 2).hashCode(), TensorData.of(new float[]{1, 2}, 2).hashCode());
    }
}
