package dev.fess.gradcheck;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/**
 * Central-difference gradient checks in float64. The error reported is the relative error of the whole checked
 * gradient vector, {@code ‖g_analytic − g_numeric‖ / max(‖g_analytic‖, ‖g_numeric‖, 1e-12)}.
 */
public final class GradientCheck {

    /** Step of the central difference. */
    public static final double STEP = 1e-6;

    /** Most positions checked when none are given. */
    public static final int MAX_POSITIONS = 16;

    private GradientCheck() {}

    /** Analytic and numeric gradients at the checked positions. */
    public record Result(double[] analytic, double[] numeric) {
        /** @return relative error of the vectors */
        public double relativeError() {
            double diff = 0;
            double na = 0;
            double nn = 0;
            for (int i = 0; i < analytic.length; i++) {
                diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
                na += analytic[i] * analytic[i];
                nn += numeric[i] * numeric[i];
            }
            return Math.sqrt(diff) / Math.max(Math.max(Math.sqrt(na), Math.sqrt(nn)), 1e-12);
        }

        /** @return the largest |analytic| */
        public double maxAbsAnalytic() {
            double m = 0;
            for (double a : analytic) {
                m = Math.max(m, Math.abs(a));
            }
            return m;
        }
    }

    /**
     * Checks {@code d f(x) / dx} for a scalar function of one float64 array.
     *
     * @param manager manager
     * @param x0 point (row-major)
     * @param shape shape of x
     * @param f scalar function
     * @param positions flat indices to check, or null for all (at most {@value #MAX_POSITIONS}, chosen seeded)
     * @return gradients
     */
    public static Result check(
            NDManager manager, double[] x0, Shape shape, Function<NDArray, NDArray> f, int[] positions) {
        int[] pos = positions;
        if (pos == null) {
            int[] all = new int[x0.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            Random r = new Random(x0.length);
            for (int i = all.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            pos = Arrays.copyOf(all, Math.min(all.length, MAX_POSITIONS));
        }
        double[] analyticAll;
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(x0, shape);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x);
                gc.backward(y);
            }
            analyticAll = x.getGradient().toDoubleArray();
        }
        double[] analytic = new double[pos.length];
        double[] numeric = new double[pos.length];
        for (int k = 0; k < pos.length; k++) {
            analytic[k] = analyticAll[pos[k]];
            double[] plus = x0.clone();
            plus[pos[k]] += STEP;
            double[] minus = x0.clone();
            minus[pos[k]] -= STEP;
            try (NDManager sub = manager.newSubManager()) {
                double fp = f.apply(sub.create(plus, shape)).getDouble();
                double fm = f.apply(sub.create(minus, shape)).getDouble();
                numeric[k] = (fp - fm) / (2 * STEP);
            }
        }
        return new Result(analytic, numeric);
    }

    /**
     * @param seed seed
     * @param n length
     * @param scale standard deviation
     * @return seeded Gaussian values
     */
    public static double[] gaussian(long seed, int n, double scale) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian() * scale;
        }
        return v;
    }
}
