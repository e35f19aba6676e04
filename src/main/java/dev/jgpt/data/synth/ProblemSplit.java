package dev.jgpt.data.synth;

/**
 * Train / held-out split of word problems, decided by a stable hash of the question text.
 * Every generator that writes word problems into training data skips held-out questions, so
 * an evaluation on held-out problems never scores a question the model was trained on, however
 * many documents are generated and whatever the seed.
 */
public final class ProblemSplit {
    /** One question in this many is held out. */
    public static final int HELDOUT_MODULUS = 5;

    private ProblemSplit() {}

    public static boolean isHeldOut(String question) {
        // String.hashCode is fixed by the JLS, so the split is the same on every JVM; the
        // multiply spreads it so that near-identical questions do not land in the same bucket.
        long h = (question.hashCode() & 0xffffffffL) * 0x9E3779B97F4A7C15L;
        return Long.remainderUnsigned(h >>> 17, HELDOUT_MODULUS) == 0;
    }
}
