package dev.fess.statistics;

/**
 * A point estimate with a two-sided confidence interval.
 *
 * @param estimate the statistic on the observed data
 * @param lower lower bound
 * @param upper upper bound
 * @param level confidence level, e.g. 0.95
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level) {
    /** True when the whole interval lies strictly above zero. */
    public boolean excludesZeroAbove() {
        return lower > 0;
    }

    /** True when the whole interval lies strictly below zero. */
    public boolean excludesZeroBelow() {
        return upper < 0;
    }
}
