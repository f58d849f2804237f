package dev.fess.statistics;

import java.util.Arrays;

/**
 * Two-sided Wilcoxon signed-rank test of paired samples, matching {@code scipy.stats.wilcoxon(x, y)} with its
 * defaults ({@code zero_method="wilcox"}, {@code correction=False}, {@code method="auto"}).
 *
 * <p>With {@code d = x − y}: zero differences are dropped; the |d| are ranked (ties get their average rank);
 * {@code R+} and {@code R−} are the rank sums of the positive and negative differences and the statistic is
 * {@code T = min(R+, R−)}.
 * <ul>
 *   <li><b>Exact</b> when n ≤ 50 and there are no zeros and no ties: the null distribution of {@code R+} is the
 *       distribution of the sum of a random subset of {1…n} (each subset with probability 2⁻ⁿ), and
 *       {@code p = min(1, 2·min(P(R+ ≤ r), P(R+ ≥ r)))}, 1 at the centre.</li>
 *   <li><b>Normal approximation</b> otherwise: {@code z = (T − n(n+1)/4) / σ} with
 *       {@code σ² = [n(n+1)(2n+1) − ½ Σ t(t²−1)] / 24} (t = sizes of groups of tied ranks, n = number of nonzero
 *       differences), no continuity correction, {@code p = 2·(1 − Φ(|z|))}.</li>
 * </ul>
 * Where scipy versions differ (n ≤ 50 with ties but no zeros: scipy 1.9–1.14 runs its exact branch on truncated
 * tied rank sums, scipy ≥ 1.15 a permutation test) this class uses the tie-corrected normal approximation.
 */
public final class Wilcoxon {
    /** Largest n for which the exact distribution is used. */
    public static final int EXACT_MAX_N = 50;

    private Wilcoxon() {}

    /** How the p-value was obtained. */
    public enum Method {
        EXACT,
        NORMAL
    }

    /**
     * @param statistic T = min(R+, R−)
     * @param pValue two-sided p-value
     * @param n number of nonzero differences used
     * @param method exact distribution or normal approximation
     */
    public record Result(double statistic, double pValue, int n, Method method) {}

    /**
     * Tests {@code x} against {@code y}, paired by index. Throws when all differences are zero or the arrays are
     * empty.
     */
    public static Result test(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "paired samples must have the same length, got " + x.length + " and " + y.length);
        }
        double[] d = new double[x.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = x[i] - y[i];
        }
        return test(d);
    }

    /** Tests the differences {@code d} against a symmetric distribution around 0. */
    public static Result test(double[] d) {
        if (d.length == 0) {
            throw new IllegalArgumentException("no paired differences to test");
        }
        int zeros = 0;
        for (double v : d) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("differences must not contain NaN");
            }
            if (v == 0) {
                zeros++;
            }
        }
        int n = d.length - zeros;
        if (n == 0) {
            throw new IllegalArgumentException("all paired differences are zero: the Wilcoxon test is undefined");
        }
        double[] nz = new double[n];
        int k = 0;
        for (double v : d) {
            if (v != 0) {
                nz[k++] = v;
            }
        }
        // rank |d| with average ranks for ties
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(nz[a]), Math.abs(nz[b])));
        double[] rank = new double[n];
        double tieTerm = 0;
        boolean ties = false;
        for (int i = 0; i < n; ) {
            int j = i;
            double v = Math.abs(nz[order[i]]);
            while (j + 1 < n && Math.abs(nz[order[j + 1]]) == v) {
                j++;
            }
            int t = j - i + 1;
            double avg = (i + 1 + j + 1) / 2.0;
            for (int m = i; m <= j; m++) {
                rank[order[m]] = avg;
            }
            if (t > 1) {
                ties = true;
                tieTerm += (double) t * ((double) t * t - 1);
            }
            i = j + 1;
        }
        double rPlus = 0;
        double rMinus = 0;
        for (int i = 0; i < n; i++) {
            if (nz[i] > 0) {
                rPlus += rank[i];
            } else {
                rMinus += rank[i];
            }
        }
        double t = Math.min(rPlus, rMinus);
        if (n <= EXACT_MAX_N && zeros == 0 && !ties) {
            return new Result(t, exactTwoSided(n, (int) Math.round(rPlus)), n, Method.EXACT);
        }
        double mean = n * (n + 1.0) * 0.25;
        double var = (n * (n + 1.0) * (2.0 * n + 1.0) - 0.5 * tieTerm) / 24.0;
        double z = (t - mean) / Math.sqrt(var);
        double p = NormalDistribution.twoSidedP(z);
        return new Result(t, p, n, Method.NORMAL);
    }

    /** Exact two-sided p-value of an observed R+ = r for n untied nonzero differences. */
    static double exactTwoSided(int n, int r) {
        int max = n * (n + 1) / 2;
        // counts[s] = number of subsets of {1..n} whose sum is s; ≤ 2^50, exact in a long
        long[] counts = new long[max + 1];
        counts[0] = 1;
        for (int v = 1; v <= n; v++) {
            for (int s = v * (v + 1) / 2; s >= v; s--) {
                counts[s] += counts[s - v];
            }
        }
        if (r == max / 2) {
            return 1.0;
        }
        long less = 0;
        for (int s = 0; s <= r; s++) {
            less += counts[s];
        }
        long greater = 0;
        for (int s = r; s <= max; s++) {
            greater += counts[s];
        }
        double p = 2.0 * Math.min(less, greater) / Math.pow(2, n);
        return Math.min(1.0, Math.max(0.0, p));
    }
}
