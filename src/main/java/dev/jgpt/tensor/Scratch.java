package dev.jgpt.tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * Reusable per-thread work arrays for op-internal temporaries (attention scores, head
 * splits, recomputed activations). A training step would otherwise allocate hundreds of
 * megabytes of short-lived arrays, and the collector's copying of large live arrays costs
 * more than the arithmetic in them.
 *
 * <p>Contract: an array is valid until the same thread asks for the same slot again, its
 * contents are arbitrary (not zeroed), and it may be longer than requested. Only use it for
 * data that does not escape the op.
 */
public final class Scratch {
    /**
     * The slot for an op's one large temporary: attention's probabilities, the head's logits,
     * recomputed GELU activations. Ops never run inside one another, so they share it and a
     * step holds the largest of them instead of their sum.
     */
    public static final String WORK = "work";

    /** Size budget (floats) ops aim for when they cut their large temporary into blocks. */
    public static final int WORK_FLOATS = 1 << 22;

    private static final ThreadLocal<Map<String, float[]>> SLOTS = ThreadLocal.withInitial(HashMap::new);

    private Scratch() {}

    public static float[] get(String slot, int size) {
        Map<String, float[]> m = SLOTS.get();
        float[] a = m.get(slot);
        if (a == null || a.length < size) {
            a = new float[size];
            m.put(slot, a);
        }
        return a;
    }

    /** Drops this thread's arrays (e.g. after training, before a long sampling session). */
    public static void release() { SLOTS.get().clear(); }
}
