package dev.fess.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResamplerTest {

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(new int[] {10, 8, 6}, new int[] {17, 5, 6}),
                Arguments.of(new int[] {9, 12, 7}, new int[] {4, 25, 13}),
                Arguments.of(new int[] {20, 20, 3}, new int[] {13, 31, 9}));
    }

    /** Trilinear interpolation reproduces a linear function wherever the sample lies inside the source grid. */
    @ParameterizedTest
    @MethodSource("shapes")
    void linearOfARampIsExact(int[] from, int[] to) {
        double[] g = {0.7, -1.3, 2.1};
        Volume v = Volume.zeros(from[0], from[1], from[2], 1, Affine.scaling(1.5, 1, 2.5));
        for (int k = 0; k < from[2]; k++) {
            for (int j = 0; j < from[1]; j++) {
                for (int i = 0; i < from[0]; i++) {
                    v.set(i, j, k, 0, (float) (3 + g[0] * i + g[1] * j + g[2] * k));
                }
            }
        }
        Volume r = Resampler.linear(v, to);
        int inside = 0;
        for (int k = 0; k < to[2]; k++) {
            for (int j = 0; j < to[1]; j++) {
                for (int i = 0; i < to[0]; i++) {
                    double x = (i + 0.5) * from[0] / to[0] - 0.5;
                    double y = (j + 0.5) * from[1] / to[1] - 0.5;
                    double z = (k + 0.5) * from[2] / to[2] - 0.5;
                    if (x < 0 || y < 0 || z < 0 || x > from[0] - 1 || y > from[1] - 1 || z > from[2] - 1) {
                        continue;
                    }
                    inside++;
                    assertThat((double) r.get(i, j, k)).isCloseTo(3 + g[0] * x + g[1] * y + g[2] * z, within(1e-4));
                }
            }
        }
        assertThat(inside).isGreaterThan(to[0] * to[1] * to[2] / 4);
        // the world position of a new voxel centre is the world position of the source coordinate it samples
        double[] w = r.affine().apply(2, 3, 1);
        double[] expect = v.affine()
                .apply(
                        (2 + 0.5) * from[0] / to[0] - 0.5,
                        (3 + 0.5) * from[1] / to[1] - 0.5,
                        (1 + 0.5) * from[2] / to[2] - 0.5);
        assertThat(w).containsExactly(expect, within(1e-9));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void nearestAndOneHotKeepTheLabelSet(int[] from, int[] to) {
        SplittableRandom rng = new SplittableRandom(from[0] * 31L + to[0]);
        Volume v = Volume.zeros(from[0], from[1], from[2], 1, null);
        for (int i = 0; i < v.data().length; i++) {
            v.data()[i] = new float[] {0, 1, 3}[rng.nextInt(3)];
        }
        Set<Float> in = values(v);
        assertThat(in).containsExactly(0f, 1f, 3f);
        assertThat(in).containsAll(values(Resampler.nearest(v, to)));
        assertThat(in).containsAll(values(Resampler.linearArgmax(v, 4, to)));
    }

    @Test
    void nearestPicksTheClosestSourceVoxel() {
        Volume v = Volume.zeros(4, 1, 1, 1, null);
        for (int i = 0; i < 4; i++) {
            v.data()[i] = i;
        }
        // 4 → 8: each source voxel twice; 4 → 2: source centres 0.5 and 2.5 round to 1 and 3 (⌊x + ½⌋)
        assertThat(Resampler.nearest(v, new int[] {8, 1, 1}).data()).containsExactly(0, 0, 1, 1, 2, 2, 3, 3);
        assertThat(Resampler.nearest(v, new int[] {2, 1, 1}).data()).containsExactly(1, 3);
        assertThat(Resampler.linear(v, new int[] {2, 1, 1}).data()).containsExactly(0.5f, 2.5f);
    }

    @Test
    void sameShapeIsACopy() {
        Volume v = Volume.zeros(3, 2, 2, 2, Affine.scaling(2, 2, 2));
        v.data()[5] = 7;
        Volume r = Resampler.linear(v, v.shape());
        assertThat(r.data()).containsExactly(v.data()).isNotSameAs(v.data());
        assertThat(r.affine()).isEqualTo(v.affine());
    }

    private static Set<Float> values(Volume v) {
        Set<Float> s = new TreeSet<>();
        for (float f : v.data()) {
            s.add(f);
        }
        return s;
    }
}
