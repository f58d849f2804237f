package dev.fess.statistics;

import java.util.Arrays;

/**
 * Mean, sample standard deviation, standard error of the mean and median of a sample.
 *
 * <p>{@code std = sqrt(Σ(x−mean)² / (n−1))} (Bessel-corrected, like {@code numpy.std(ddof=1)});
 * {@code sem = std / sqrt(n)}. With n = 1 the standard deviation and SEM are NaN (undefined), not 0, so a table
 * never shows a spread it does not have. With n = 0 everything is NaN.
 *
 * @param n number of values
 * @param mean arithmetic mean
 * @param std sample standard deviation (n − 1 in the denominator)
 * @param sem standard error of the mean, {@code std / sqrt(n)}
 * @param median middle value, or the mean of the two middle values
 */
public record Descriptive(int n, double mean, double std, double sem, double median) {

    /** Summarises {@code values}; the array is not modified. NaN values are not allowed. */
    public static Descriptive of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new Descriptive(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("values must not contain NaN");
            }
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double std = Double.NaN;
        double sem = Double.NaN;
        if (n > 1) {
            double ss = 0;
            for (double v : values) {
                double d = v - mean;
                ss += d * d;
            }
            std = Math.sqrt(ss / (n - 1));
            sem = std / Math.sqrt(n);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        return new Descriptive(n, mean, std, sem, median);
    }
}
