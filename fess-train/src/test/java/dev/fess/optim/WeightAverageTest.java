package dev.fess.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightAverageTest {

    /** The closed form Σ (1−d)·d^(t−s)·θ_s / (1 − d^(t+1)), computed in double precision. */
    private static double[] expected(double[][] thetas, int t, double d) {
        double[] sum = new double[thetas[0].length];
        for (int s = 0; s <= t; s++) {
            double w = (1 - d) * Math.pow(d, t - s);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += w * thetas[s][i];
            }
        }
        double norm = 1 - Math.pow(d, t + 1);
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= norm;
        }
        return sum;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.98})
    void theAverageIsTheNormalisedExponentiallyWeightedMeanOfTheWeightsAfterEachStep(double d) {
        SplittableRandom rnd = new SplittableRandom(3);
        int steps = 40;
        double[][] thetas = new double[steps][6];
        for (double[] th : thetas) {
            for (int i = 0; i < th.length; i++) {
                th[i] = rnd.nextDouble(-2, 2);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray initial = m.create(new float[] {100, 100, 100, 100, 100, 100});
            NDArray param = initial.duplicate();
            WeightAverage avg = WeightAverage.startingAt(List.of(param), d);
            for (int t = 0; t < steps; t++) {
                param.set(toFloats(thetas[t]));
                avg.update(List.of(param), t);
                double[] want = expected(thetas, t, d);
                float[] got = avg.averages().get(0).toFloatArray();
                for (int i = 0; i < want.length; i++) {
                    // the initial weights (100) would show here if they entered the average
                    assertThat((double) got[i]).as("step %d, element %d", t, i).isCloseTo(want[i], within(1e-4));
                }
            }
        }
    }

    @Test
    void theFirstStepReplacesTheInitialWeightsAndTheDecayTendsToD() {
        assertThat(WeightAverage.decayAt(0.99, 0)).isZero();
        assertThat(WeightAverage.decayAt(0.99, 1)).isCloseTo(0.99 * 0.01 / (1 - 0.99 * 0.99), within(1e-15));
        assertThat(WeightAverage.decayAt(0.99, 100_000)).isCloseTo(0.99, within(1e-12));
    }

    @Test
    void copyIntoAndCopyFromMoveTheValuesExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {1, 2, 3, 4}).reshape(2, 2);
            WeightAverage avg = WeightAverage.startingAt(List.of(p), 0.9);
            p.set(new float[] {5, 6, 7, 8});
            avg.update(List.of(p), 3);
            float[] averaged = avg.averages().get(0).toFloatArray();
            NDArray target = m.zeros(p.getShape());
            avg.copyInto(List.of(target));
            assertThat(target.toFloatArray()).containsExactly(averaged);
            avg.copyFrom(List.of(m.create(new float[] {9, 9, 9, 9}).reshape(2, 2)));
            assertThat(avg.averages().get(0).toFloatArray()).containsExactly(9, 9, 9, 9);
        }
    }

    @Test
    void rejectsADecayOutsideTheOpenUnitIntervalAndAWrongParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.ones(new Shape(2));
            assertThatThrownBy(() -> WeightAverage.startingAt(List.of(p), 1.0))
                    .hasMessage("ema decay: expected a number in (0, 1), got 1.0");
            assertThatThrownBy(() -> WeightAverage.startingAt(List.of(p), 0.0)).hasMessageContaining("got 0.0");
            WeightAverage avg = WeightAverage.startingAt(List.of(p), 0.5);
            assertThatThrownBy(() -> avg.update(List.of(p, p), 0)).hasMessage("ema: expected 1 parameters, got 2");
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
