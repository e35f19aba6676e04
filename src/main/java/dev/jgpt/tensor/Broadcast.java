package dev.jgpt.tensor;

import java.util.Arrays;

/** NumPy broadcasting of two shapes: the output shape and, per operand, strides (0 where broadcast). */
final class Broadcast {
    final int[] outShape;
    final int[] aStrides, bStrides;
    final int n;

    Broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        outShape = new int[r];
        aStrides = new int[r];
        bStrides = new int[r];
        int[] ca = contiguousStrides(a), cb = contiguousStrides(b);
        for (int i = 0; i < r; i++) {
            int ai = i - (r - a.length), bi = i - (r - b.length);
            int da = ai >= 0 ? a[ai] : 1, db = bi >= 0 ? b[bi] : 1;
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            outShape[i] = da == 1 ? db : da; // not max: [0] with [1] is [0]
            aStrides[i] = (ai >= 0 && da != 1) ? ca[ai] : 0;
            bStrides[i] = (bi >= 0 && db != 1) ? cb[bi] : 0;
        }
        n = Tensor.numel(outShape);
    }

    static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    /** Fills, for every output element, the offsets into a and b. */
    void offsets(int[] aOff, int[] bOff) {
        int r = outShape.length;
        int[] idx = new int[r];
        int ao = 0, bo = 0;
        for (int i = 0; i < n; i++) {
            aOff[i] = ao;
            bOff[i] = bo;
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                ao += aStrides[d];
                bo += bStrides[d];
                if (idx[d] < outShape[d]) break;
                ao -= aStrides[d] * outShape[d];
                bo -= bStrides[d] * outShape[d];
                idx[d] = 0;
            }
        }
    }
}
