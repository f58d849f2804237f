package dev.fess.optim;

/**
 * Learning rate as a function of the global step t = 0 … T−1 (T = epochs × iterations per epoch), with an
 * optional linear warm-up over the first W steps:
 * <pre>
 *   t &lt; W:      η(t) = η₀ · (t + 1) / W
 *   otherwise, with s = (t − W) / (T − W):
 *     constant:  η₀
 *     poly:      η₀ · (1 − s)^0.9            (nnU-Net)
 *     cosine:    η₀ · ½ · (1 + cos(π s))
 * </pre>
 * Immutable; a pure function of t, so a resumed run only needs its step count.
 */
public final class LearningRateSchedule {

    /** The decay shape after warm-up. */
    public enum Kind {
        CONSTANT,
        POLY,
        COSINE
    }

    private final Kind kind;
    private final double baseRate;
    private final long totalSteps;
    private final long warmupSteps;

    private LearningRateSchedule(Kind kind, double baseRate, long totalSteps, long warmupSteps) {
        if (!(baseRate > 0) || !Double.isFinite(baseRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + baseRate);
        }
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("total steps must be > 0, got " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps >= totalSteps && warmupSteps > 0) {
            throw new IllegalArgumentException("warm-up steps must lie in [0, " + totalSteps + "), got " + warmupSteps);
        }
        this.kind = kind;
        this.baseRate = baseRate;
        this.totalSteps = totalSteps;
        this.warmupSteps = warmupSteps;
    }

    public static LearningRateSchedule of(Kind kind, double baseRate, long totalSteps, long warmupSteps) {
        return new LearningRateSchedule(kind, baseRate, totalSteps, warmupSteps);
    }

    /** The learning rate at global step t (0-based); steps past the end use the final value. */
    public double rate(long t) {
        if (t < warmupSteps) {
            return baseRate * (t + 1) / warmupSteps;
        }
        double s = Math.min(1.0, (double) (t - warmupSteps) / (totalSteps - warmupSteps));
        return switch (kind) {
            case CONSTANT -> baseRate;
            case POLY -> baseRate * Math.pow(1 - s, 0.9);
            case COSINE -> baseRate * 0.5 * (1 + Math.cos(Math.PI * s));
        };
    }

    public Kind kind() {
        return kind;
    }

    public long totalSteps() {
        return totalSteps;
    }
}
