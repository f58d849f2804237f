package dev.fess.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DistanceTransformTest {

    static Stream<Long> seeds() {
        return LongStream.range(1, 41).boxed();
    }

    /** O(n²) reference: min over all background voxels of the squared mm distance. */
    static double[] bruteForce(boolean[] mask, int[] shape, double[] s) {
        int nx = shape[0];
        int ny = shape[1];
        int n = mask.length;
        double[] out = new double[n];
        for (int p = 0; p < n; p++) {
            if (!mask[p]) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            int pi = p % nx;
            int pj = (p / nx) % ny;
            int pk = p / (nx * ny);
            for (int q = 0; q < n; q++) {
                if (mask[q]) {
                    continue;
                }
                double dx = (pi - q % nx) * s[0];
                double dy = (pj - (q / nx) % ny) * s[1];
                double dz = (pk - q / (nx * ny)) * s[2];
                best = Math.min(best, dx * dx + dy * dy + dz * dz);
            }
            out[p] = Math.sqrt(best);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void matchesBruteForceOnRandomMasksWithAnisotropicSpacing(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] shape = {1 + rnd.nextInt(11), 1 + rnd.nextInt(10), 1 + rnd.nextInt(9)};
        double[] spacing = {0.3 + 2.7 * rnd.nextDouble(), 0.3 + 2.7 * rnd.nextDouble(), 0.3 + 2.7 * rnd.nextDouble()};
        double density = 0.5 + 0.49 * rnd.nextDouble(); // mostly foreground: long distances
        boolean[] mask = new boolean[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rnd.nextDouble() < density;
        }
        mask[rnd.nextInt(mask.length)] = false; // at least one background voxel
        double[] got = DistanceTransform.distanceTransform(mask, shape, spacing);
        double[] want = bruteForce(mask, shape, spacing);
        for (int p = 0; p < mask.length; p++) {
            assertThat(got[p]).as("voxel %d seed %d", p, seed).isCloseTo(want[p], offset(1e-9));
        }
    }

    static Stream<Long> largeSeeds() {
        return LongStream.range(1, 7).boxed();
    }

    @ParameterizedTest
    @MethodSource("largeSeeds")
    void parallelPathMatchesBruteForceOnSparseFeatures(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 7919);
        int[] shape = {30 + rnd.nextInt(15), 30 + rnd.nextInt(15), 25 + rnd.nextInt(10)};
        double[] spacing = {0.5 + 2 * rnd.nextDouble(), 0.5 + 2 * rnd.nextDouble(), 0.5 + 3 * rnd.nextDouble()};
        int n = shape[0] * shape[1] * shape[2];
        boolean[] features = new boolean[n];
        int[] idx = new int[1 + rnd.nextInt(12)];
        for (int t = 0; t < idx.length; t++) {
            idx[t] = rnd.nextInt(n);
            features[idx[t]] = true;
        }
        double[] got = DistanceTransform.squaredDistanceToFeatures(features, shape, spacing);
        int nx = shape[0];
        int ny = shape[1];
        for (int p = 0; p < n; p++) {
            double best = Double.POSITIVE_INFINITY;
            for (int q : idx) {
                double dx = (p % nx - q % nx) * spacing[0];
                double dy = ((p / nx) % ny - (q / nx) % ny) * spacing[1];
                double dz = (p / (nx * ny) - q / (nx * ny)) * spacing[2];
                best = Math.min(best, dx * dx + dy * dy + dz * dz);
            }
            assertThat(got[p]).isCloseTo(best, offset(1e-9 * Math.max(1, best)));
        }
    }

    @ParameterizedTest
    @MethodSource("largeSeeds")
    void queriesMatchTheFullTransformInAnyOrder(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 104729);
        int[] shape = seed % 2 == 0 ? new int[] {40 + rnd.nextInt(9), 33, 27} : new int[] {1 + rnd.nextInt(8), 7, 5};
        double[] spacing = {0.4 + 2 * rnd.nextDouble(), 0.4 + 2 * rnd.nextDouble(), 0.4 + 3 * rnd.nextDouble()};
        int n = shape[0] * shape[1] * shape[2];
        boolean[] features = new boolean[n];
        for (int t = 0; t < 1 + n / 200; t++) {
            features[rnd.nextInt(n)] = true;
        }
        int[] queries = new int[1 + rnd.nextInt(400)];
        for (int t = 0; t < queries.length; t++) {
            queries[t] = rnd.nextInt(n); // unsorted, repeats allowed
        }
        double[] full = DistanceTransform.squaredDistanceToFeatures(features, shape, spacing);
        double[] at = DistanceTransform.squaredDistanceAt(features, shape, spacing, new double[n], queries);
        for (int t = 0; t < queries.length; t++) {
            assertThat(at[t]).isEqualTo(full[queries[t]]);
        }
        double[] none = DistanceTransform.squaredDistanceAt(new boolean[n], shape, spacing, new double[n], queries);
        assertThat(none).containsOnly(Double.POSITIVE_INFINITY);
    }

    @Test
    void boundingBoxOfUnion() {
        int[] shape = {6, 5, 4};
        boolean[] a = new boolean[120];
        boolean[] b = new boolean[120];
        a[1 + 6 * (2 + 5 * 3)] = true; // (1, 2, 3)
        b[4 + 6 * (1 + 5 * 1)] = true; // (4, 1, 1)
        b[2 + 6 * (3 + 5 * 1)] = true; // (2, 3, 1)
        assertThat(MaskSurface.boundingBox(shape, a, b)).containsExactly(1, 1, 1, 4, 3, 3);
        assertThat(MaskSurface.boundingBox(shape, a)).containsExactly(1, 2, 3, 1, 2, 3);
        assertThat(MaskSurface.boundingBox(shape, new boolean[120])).isNull();
        assertThat(MaskSurface.borderVoxels(a, shape, MaskSurface.boundingBox(shape, a, b)))
                .containsExactly(1 + 6 * (2 + 5 * 3));
    }

    @Test
    void noFeatureGivesInfinityEverywhere() {
        double[] d = DistanceTransform.squaredDistanceToFeatures(
                new boolean[24], new int[] {2, 3, 4}, new double[] {1, 2, 3});
        assertThat(d).containsOnly(Double.POSITIVE_INFINITY);
        double[] e = DistanceTransform.distanceTransform(
                new boolean[] {true, true}, new int[] {2, 1, 1}, new double[] {1, 1, 1});
        assertThat(e).containsOnly(Double.POSITIVE_INFINITY);
    }

    @Test
    void singleFeatureGivesAnisotropicEuclideanDistance() {
        int[] shape = {5, 4, 3};
        boolean[] f = new boolean[60];
        f[0] = true;
        double[] d = DistanceTransform.squaredDistanceToFeatures(f, shape, new double[] {1, 2, 3});
        // voxel (4, 3, 2): (4·1)² + (3·2)² + (2·3)² = 16 + 36 + 36
        assertThat(d[4 + 5 * (3 + 4 * 2)]).isEqualTo(88.0);
    }

    @Test
    void rejectsBadShapeOrSpacing() {
        assertThatThrownBy(() -> DistanceTransform.distanceTransform(
                        new boolean[5], new int[] {2, 2, 2}, new double[] {1, 1, 1}))
                .hasMessageContaining("needs 8 voxels, got an array of 5");
        assertThatThrownBy(() -> DistanceTransform.distanceTransform(
                        new boolean[8], new int[] {2, 2, 2}, new double[] {1, 0, 1}))
                .hasMessageContaining("spacing must be positive");
    }
}
