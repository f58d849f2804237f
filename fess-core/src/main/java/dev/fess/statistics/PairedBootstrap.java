package dev.fess.statistics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence interval of the mean paired difference {@code mean(a − b)}.
 *
 * <p>The differences {@code d_i = a_i − b_i} are resampled with replacement {@code resamples} times (pairs stay
 * together, so the correlation between the two arms on the same case is kept); the interval is the
 * {@code (1−level)/2} and {@code (1+level)/2} quantiles of the resampled means, with linear interpolation
 * between order statistics (numpy's default {@code "linear"} quantile). One seed fixes the result.
 */
public final class PairedBootstrap {
    /** The number of resamples used unless told otherwise. */
    public static final int DEFAULT_RESAMPLES = 10_000;

    private final int resamples;
    private final double level;
    private final long seed;

    private PairedBootstrap(int resamples, double level, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be ≥ 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        this.resamples = resamples;
        this.level = level;
        this.seed = seed;
    }

    /** 10 000 resamples, 95 % level, the given seed. */
    public static PairedBootstrap of(long seed) {
        return new PairedBootstrap(DEFAULT_RESAMPLES, 0.95, seed);
    }

    public static PairedBootstrap of(int resamples, double level, long seed) {
        return new PairedBootstrap(resamples, level, seed);
    }

    /** The CI of {@code mean(a − b)}; {@code a} and {@code b} are paired by index and must have the same length ≥ 1. */
    public ConfidenceInterval meanDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "paired samples must have the same length, got " + a.length + " and " + b.length);
        }
        int n = a.length;
        if (n == 0) {
            throw new IllegalArgumentException("paired samples must not be empty");
        }
        double[] d = new double[n];
        double observed = 0;
        for (int i = 0; i < n; i++) {
            d[i] = a[i] - b[i];
            observed += d[i];
        }
        observed /= n;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += d[rng.nextInt(n)];
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        double alpha = (1 - level) / 2;
        return new ConfidenceInterval(observed, quantile(means, alpha), quantile(means, 1 - alpha), level);
    }

    /** Linear-interpolation quantile of a sorted array (numpy {@code method="linear"}). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }
}
