package dev.jgpt.model.io;

import java.util.Arrays;

/**
 * A named-less tensor as stored in a checkpoint: a row-major {@code float[]} plus its shape.
 * A 0-dim scalar has shape {@code []} and one element. Arrays are shared, not copied, so a
 * 500 MB model is never duplicated on load or save; callers must not mutate them while a
 * save is in progress.
 */
public record TensorData(int[] shape, float[] data) {

    public TensorData {
        if (shape == null || data == null) throw new IllegalArgumentException("shape and data must not be null");
        long n = numel(shape);
        if (n != data.length)
            throw new IllegalArgumentException("shape " + shapeString(shape) + " holds " + n
                    + " elements but data has " + data.length);
    }

    public static TensorData of(float[] data, int... shape) { return new TensorData(shape, data); }

    public static TensorData zeros(int... shape) {
        long n = numel(shape);
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor too large: " + shapeString(shape));
        return new TensorData(shape, new float[(int) n]);
    }

    public int numel() { return data.length; }

    public int rank() { return shape.length; }

    /** Element count of a shape, as a long so oversized shapes are detected, not wrapped. */
    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public static String shapeString(int[] shape) { return Arrays.toString(shape); }

    public String shapeString() { return shapeString(shape); }

    public boolean sameShape(int[] other) { return Arrays.equals(shape, other); }

    // Records compare arrays by identity; tensors are compared by content (Arrays.equals: NaN equals NaN).
    @Override public boolean equals(Object o) {
        return o instanceof TensorData t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data); }

    @Override public String toString() { return "TensorData" + shapeString(shape); }
}
