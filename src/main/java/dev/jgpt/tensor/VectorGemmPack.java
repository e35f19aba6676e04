package dev.jgpt.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.jgpt.tensor.VectorGemm.MR;
import static dev.jgpt.tensor.VectorGemm.NR;

/**
 * Packing routines for {@link VectorGemm}. They copy a block of op(A) or op(B) into the layout
 * the micro-kernel reads with unit stride, which is where transposition is absorbed:
 * <ul>
 *   <li>A block (mc x kc) as MR-row strips; strip s holds, for each p, the MR values
 *       op(A)[s*MR + r][p] (r = 0..MR-1) contiguously: {@code ap[s*MR*kc + p*MR + r]}.</li>
 *   <li>B block (kc x nc) as NR-column strips: {@code bp[s*NR*kc + p*NR + j]}.</li>
 * </ul>
 * Strips past the matrix edge are zero padded, so the kernel always runs full tiles.
 */
final class VectorGemmPack {
    private static final VectorSpecies<Float> S = VecMath.S;
    private static final int VL = S.length();

    private VectorGemmPack() {}

    /** Packs op(A)[i0 .. i0+mc, p0 .. p0+kc) where op(A)[i][p] = transA ? a[off + p*lda + i] : a[off + i*lda + p]. */
    static void packA(boolean transA, float[] a, int off, int lda, int i0, int p0, int mc, int kc, float[] ap) {
        for (int s = 0; s < mc; s += MR) {
            int rows = Math.min(MR, mc - s);
            int d = s * kc; // = (s / MR) * MR * kc
            if (transA) {
                // Column p of op(A) is row p of A: MR consecutive floats per p.
                int src = off + p0 * lda + i0 + s;
                if (rows == MR) {
                    for (int p = 0; p < kc; p++, src += lda, d += MR) {
                        ap[d] = a[src];
                        ap[d + 1] = a[src + 1];
                        ap[d + 2] = a[src + 2];
                        ap[d + 3] = a[src + 3];
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += lda, d += MR) {
                        for (int r = 0; r < MR; r++) {
                            ap[d + r] = r < rows ? a[src + r] : 0f;
                        }
                    }
                }
            } else {
                // Rows of op(A) are rows of A: read MR rows in lock step, write sequentially.
                int r0 = off + (i0 + s) * lda + p0;
                if (rows == MR) {
                    int r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
                    for (int p = 0; p < kc; p++, d += MR) {
                        ap[d] = a[r0 + p];
                        ap[d + 1] = a[r1 + p];
                        ap[d + 2] = a[r2 + p];
                        ap[d + 3] = a[r3 + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++, d += MR) {
                        for (int r = 0; r < MR; r++) {
                            ap[d + r] = r < rows ? a[r0 + r * lda + p] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** Packs op(B)[p0 .. p0+kc, j0 .. j0+nc) where op(B)[p][j] = transB ? b[off + j*ldb + p] : b[off + p*ldb + j]. */
    static void packB(boolean transB, float[] b, int off, int ldb, int p0, int j0, int kc, int nc, float[] bp) {
        for (int s = 0; s < nc; s += NR) {
            int cols = Math.min(NR, nc - s);
            int d0 = s * kc; // = (s / NR) * NR * kc
            if (transB) {
                // Column j of op(B) is row j of B, contiguous in p: read it sequentially and
                // scatter with stride NR into the strip (which is small enough to sit in L1).
                for (int j = 0; j < NR; j++) {
                    int d = d0 + j;
                    if (j < cols) {
                        int src = off + (j0 + s + j) * ldb + p0;
                        for (int p = 0; p < kc; p++, d += NR) {
                            bp[d] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++, d += NR) {
                            bp[d] = 0f;
                        }
                    }
                }
            } else {
                // Row p of op(B) is row p of B: NR consecutive floats, copied as two vectors.
                int src = off + p0 * ldb + j0 + s;
                int d = d0;
                if (cols == NR) {
                    for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                        FloatVector.fromArray(S, b, src).intoArray(bp, d);
                        FloatVector.fromArray(S, b, src + VL).intoArray(bp, d + VL);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                        for (int j = 0; j < NR; j++) {
                            bp[d + j] = j < cols ? b[src + j] : 0f;
                        }
                    }
                }
            }
        }
    }
}
