package dev.jgpt.train;

/**
 * Linear warm-up to the peak rate, then cosine decay to minLr at decaySteps (nanoGPT's
 * schedule). Warm-up keeps Adam's early, poorly-estimated second moments from producing
 * huge steps; the cosine tail anneals into a minimum.
 */
public record LrSchedule(float peak, float min, int warmup, int decaySteps) {
    public float at(int step) {
        if (step < warmup) return peak * (step + 1) / warmup;
        if (step >= decaySteps) return min;
        double ratio = (double) (step - warmup) / Math.max(1, decaySteps - warmup);
        double coeff = 0.5 * (1 + Math.cos(Math.PI * ratio));
        return (float) (min + coeff * (peak - min));
    }
}
