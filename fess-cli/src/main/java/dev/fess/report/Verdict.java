package dev.fess.report;

import dev.fess.statistics.ConfidenceInterval;
import java.util.Locale;

/**
 * Plain words for a paired comparison, never claiming more than the numbers support: "better" only when the
 * bootstrap CI of the mean difference lies entirely above 0 <em>and</em> the Wilcoxon p &lt; 0.05; "worse" the
 * mirror image; otherwise "not distinguishable with these data".
 */
public final class Verdict {
    /** The significance level of the Wilcoxon test. */
    public static final double ALPHA = 0.05;

    private Verdict() {}

    /** The three outcomes. */
    public enum Outcome {
        BETTER,
        WORSE,
        NOT_DISTINGUISHABLE
    }

    /** The verdict on a mean difference with bootstrap interval {@code ci} and Wilcoxon p-value {@code p}. */
    public static Outcome outcome(ConfidenceInterval ci, double p) {
        if (ci.excludesZeroAbove() && p < ALPHA) {
            return Outcome.BETTER;
        }
        if (ci.excludesZeroBelow() && p < ALPHA) {
            return Outcome.WORSE;
        }
        return Outcome.NOT_DISTINGUISHABLE;
    }

    /** E.g. {@code "FESS better than Dice"} or {@code "not distinguishable with these data (n = 12)"}. */
    public static String words(String a, String b, ConfidenceInterval ci, double p, int n) {
        return switch (outcome(ci, p)) {
            case BETTER -> a + " better than " + b + " (n = " + n + ")";
            case WORSE -> a + " worse than " + b + " (n = " + n + ")";
            case NOT_DISTINGUISHABLE -> "not distinguishable with these data (n = " + n + ")";
        };
    }

    /** {@code +0.034 [+0.012, +0.056]}. */
    public static String interval(ConfidenceInterval ci) {
        return String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", ci.estimate(), ci.lower(), ci.upper());
    }
}
