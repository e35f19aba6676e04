package dev.jgpt.tensor;

/** Indirection so the engine compiles before the Vector API kernel lands. */
final class VectorGemmFactory {
    private VectorGemmFactory() {}
    static Gemm create() {
        try {
            return (Gemm) Class.forName("dev.jgpt.tensor.VectorGemm").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Vector API GEMM not available", e);
        }
    }
}
