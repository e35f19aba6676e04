package dev.jgpt.tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which kernels this process computes with: the GEMM, OpenBLAS's CPU kernel set and the Vector
 * API's width. Together they decide a trained model's last bits, so benchmarks report them and
 * checkpoints record them (a run resumed on other kernels continues a slightly different curve).
 */
public final class Kernels {
    private Kernels() {}

    /** {@code gemm}, {@code blas_core} (with OpenBLAS) and {@code vector_bits}, as JSON-able values. */
    public static Map<String, Object> describe() {
        Map<String, Object> o = new LinkedHashMap<>();
        Gemm g = Gemms.get();
        o.put("gemm", g.name());
        if (g instanceof BlasGemm) o.put("blas_core", BlasGemm.coreName());
        o.put("vector_bits", Lanes.bits());
        return o;
    }
}
