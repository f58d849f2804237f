package dev.fess.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SmoothFieldTest {
    static LongStream seeds() {
        return LongStream.of(1, 2, 3);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void unitScaleAndSmooth(long seed) {
        int n = 48;
        float[] f = SmoothField.sample(new SplittableRandom(seed), 12, n, n, n);
        double sum = 0, sum2 = 0, step2 = 0;
        for (int v = 0; v < f.length; v++) {
            sum += f[v];
            sum2 += f[v] * f[v];
            if (v % n != n - 1) {
                step2 += (f[v + 1] - f[v]) * (f[v + 1] - f[v]);
            }
        }
        double mean = sum / f.length;
        double sd = Math.sqrt(sum2 / f.length - mean * mean);
        assertThat(sd).isBetween(0.6, 1.4);
        assertThat(Math.abs(mean)).isLessThan(0.4);
        // neighbouring voxels differ by far less than the field's spread: ≈ 12 control points over 48 voxels
        assertThat(Math.sqrt(step2 / f.length)).isLessThan(0.35 * sd); // white noise would give √2·sd
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameFieldOnAHalfResolutionGrid(long seed) {
        int n = 32;
        float[] iso = SmoothField.sample(new SplittableRandom(seed), 6, n, n, n);
        float[] half = SmoothField.sample(new SplittableRandom(seed), 6, n, n, n / 2);
        // slice k of the z-halved grid sits midway between iso slices 2k and 2k+1
        double maxErr = 0;
        for (int k = 0; k < n / 2; k++) {
            for (int p = 0; p < n * n; p++) {
                double mid = 0.5 * (iso[p + n * n * (2 * k)] + iso[p + n * n * (2 * k + 1)]);
                maxErr = Math.max(maxErr, Math.abs(half[p + n * n * k] - mid));
            }
        }
        assertThat(maxErr).isLessThan(0.06); // a half-voxel misplacement gives ≈ 0.25
    }
}
