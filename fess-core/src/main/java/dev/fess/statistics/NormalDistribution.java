package dev.fess.statistics;

/**
 * The standard normal distribution's tail, via the complementary error function computed to near double
 * precision: the Maclaurin series of erf for |x| &lt; 1 and the classical continued fraction
 * {@code erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …))))} beyond.
 */
public final class NormalDistribution {
    private NormalDistribution() {}

    /** {@code P(|Z| ≥ |z|) = erfc(|z|/√2)} for a standard normal Z. */
    public static double twoSidedP(double z) {
        return Math.min(1.0, erfc(Math.abs(z) / Math.sqrt(2)));
    }

    /** {@code P(Z ≥ z)}. */
    public static double survival(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** The complementary error function {@code 1 − erf(x)}. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < 1) {
            return 1 - erfSeries(x);
        }
        if (x > 27) {
            return 0;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / continuedFraction(x);
    }

    private static double erfSeries(double x) {
        // erf(x) = 2/√π Σ (−1)^k x^(2k+1) / (k! (2k+1))
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int k = 1; k < 200; k++) {
            term *= -x2 / k;
            double add = term / (2 * k + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /** x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …))) by the modified Lentz method. */
    private static double continuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 10_000; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return f;
    }
}
