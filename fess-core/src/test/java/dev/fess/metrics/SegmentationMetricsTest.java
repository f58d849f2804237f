package dev.fess.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentationMetricsTest {
    static final int N = 21; // grid 21³, centre voxel (10, 10, 10)
    static final int[] SHAPE = {N, N, N};

    static boolean[] cube(int halfWidth, int cx, int cy, int cz) {
        boolean[] m = new boolean[N * N * N];
        for (int k = 0; k < N; k++) {
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    if (Math.abs(i - cx) <= halfWidth
                            && Math.abs(j - cy) <= halfWidth
                            && Math.abs(k - cz) <= halfWidth) {
                        m[i + N * (j + N * k)] = true;
                    }
                }
            }
        }
        return m;
    }

    @Test
    void concentricCubesIsotropicAgainstHandCount() {
        // Inner cube A (half-width 5, 11³ voxels) predicted, outer cube B (half-width 7, 15³) as label.
        // A's border: the shell max|x| = 5, 11³ − 9³ = 602 voxels, each exactly 2 mm from B's shell.
        // B's border: 15³ − 13³ = 1178 voxels; distance to A's shell = √Σ e², e = excess over 5 per axis:
        //   726 × 2, 264 × √5, 24 × √6, 132 × √8, 24 × 3, 8 × √12 (sorted).
        SegmentationMetrics m =
                SegmentationMetrics.compute(cube(5, 10, 10, 10), cube(7, 10, 10, 10), SHAPE, new double[] {1, 1, 1});
        // numpy linear percentile 95 of the 1178 sorted values: rank 0.95·1177 = 1118.15, ranks 1014..1145 are √8
        assertThat(m.hd95()).isCloseTo(Math.sqrt(8), offset(1e-12));
        assertThat(m.hd()).isCloseTo(Math.sqrt(12), offset(1e-12));
        double sum = 602 * 2
                + 726 * 2
                + 264 * Math.sqrt(5)
                + 24 * Math.sqrt(6)
                + 132 * Math.sqrt(8)
                + 24 * 3
                + 8 * Math.sqrt(12);
        assertThat(m.assd()).isCloseTo(sum / (602 + 1178), offset(1e-12));
        assertThat(m.dice()).isCloseTo(2.0 * 1331 / (1331 + 3375), offset(1e-15));
        assertThat(m.iou()).isCloseTo(1331.0 / 3375, offset(1e-15));
        assertThat(m.precision()).isEqualTo(1.0);
        assertThat(m.sensitivity()).isCloseTo(1331.0 / 3375, offset(1e-15));
        assertThat(m.specificity()).isEqualTo(1.0);
        assertThat(m.volumeDiffMm3()).isEqualTo(3375 - 1331);
        assertThat(m.relativeVolumeDiff()).isCloseTo((3375 - 1331) / 3375.0, offset(1e-15));
    }

    @Test
    void concentricCubesAnisotropicAgainstClosedForm() {
        double[] s = {1, 1, 3};
        SegmentationMetrics m = SegmentationMetrics.compute(cube(5, 10, 10, 10), cube(7, 10, 10, 10), SHAPE, s);
        // A shell → B shell: min over axes of (7 − |a|)·s; B shell → A shell: distance to the cube |x| ≤ 5.
        List<Double> ab = new ArrayList<>();
        List<Double> ba = new ArrayList<>();
        for (int x = -7; x <= 7; x++) {
            for (int y = -7; y <= 7; y++) {
                for (int z = -7; z <= 7; z++) {
                    int mx = Math.max(Math.abs(x), Math.max(Math.abs(y), Math.abs(z)));
                    if (mx == 5) {
                        ab.add(Math.min(
                                Math.min((7 - Math.abs(x)) * s[0], (7 - Math.abs(y)) * s[1]),
                                (7 - Math.abs(z)) * s[2]));
                    }
                    if (mx == 7) {
                        double ex = Math.max(Math.abs(x) - 5, 0) * s[0];
                        double ey = Math.max(Math.abs(y) - 5, 0) * s[1];
                        double ez = Math.max(Math.abs(z) - 5, 0) * s[2];
                        ba.add(Math.sqrt(ex * ex + ey * ey + ez * ez));
                    }
                }
            }
        }
        double[] a = ab.stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = ba.stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(a).hasSize(602);
        assertThat(b).hasSize(1178);
        double hd95 = Math.max(numpyPercentile(a, 95), numpyPercentile(b, 95));
        double assd = (ab.stream().mapToDouble(Double::doubleValue).sum()
                        + ba.stream().mapToDouble(Double::doubleValue).sum())
                / (602 + 1178);
        assertThat(m.hd95()).isCloseTo(hd95, offset(1e-9));
        assertThat(m.assd()).isCloseTo(assd, offset(1e-9));
        // the largest excess is (2, 2, 2·3) mm
        assertThat(m.hd()).isCloseTo(Math.sqrt(4 + 4 + 36), offset(1e-12));
        assertThat(m.volumeDiffMm3()).isCloseTo((3375 - 1331) * 3.0, offset(1e-9));
    }

    /** Independent textbook form of numpy's linear percentile. */
    static double numpyPercentile(double[] v, double p) {
        double[] a = v.clone();
        Arrays.sort(a);
        double r = p / 100 * (a.length - 1);
        int lo = (int) Math.floor(r);
        int hi = (int) Math.ceil(r);
        return a[lo] + (a[hi] - a[lo]) * (r - lo);
    }

    @Test
    void shiftedCubesOfEqualSize() {
        // Cube half-width 4 shifted by 3 voxels along i. Every point of either shell has a point of the other
        // shell at most 3 voxels away; the faces i = ±4 are 3 away from each other, so HD = 3 (× spacing 0.5).
        double[] s = {0.5, 1, 1};
        SegmentationMetrics m = SegmentationMetrics.compute(cube(4, 10, 10, 10), cube(4, 13, 10, 10), SHAPE, s);
        assertThat(m.hd()).isCloseTo(1.5, offset(1e-12));
        // overlap: 6 × 9 × 9 voxels of 9 × 9 × 9
        assertThat(m.dice()).isCloseTo(2.0 * 486 / (729 + 729), offset(1e-15));
        assertThat(m.truePositives()).isEqualTo(486);
        assertThat(m.falsePositives()).isEqualTo(243);
        assertThat(m.falseNegatives()).isEqualTo(243);
        assertThat(m.trueNegatives()).isEqualTo(N * N * N - 486 - 486);
        assertThat(m.volumeDiffMm3()).isZero();
    }

    @Test
    void singleVoxelsGiveTheirDistance() {
        boolean[] p = new boolean[N * N * N];
        boolean[] g = new boolean[N * N * N];
        p[2 + N * (3 + N * 4)] = true;
        g[5 + N * (7 + N * 6)] = true;
        double[] s = {0.8, 1.2, 2.5};
        SegmentationMetrics m = SegmentationMetrics.compute(p, g, SHAPE, s);
        double d = Math.sqrt(Math.pow(3 * 0.8, 2) + Math.pow(4 * 1.2, 2) + Math.pow(2 * 2.5, 2));
        assertThat(m.hd95()).isCloseTo(d, offset(1e-12));
        assertThat(m.hd()).isCloseTo(d, offset(1e-12));
        assertThat(m.assd()).isCloseTo(d, offset(1e-12));
        assertThat(m.dice()).isZero();
        assertThat(m.precision()).isZero();
        SegmentationMetrics same = SegmentationMetrics.compute(p, p, SHAPE, s);
        assertThat(same.dice()).isEqualTo(1.0);
        assertThat(same.hd95()).isZero();
        assertThat(same.assd()).isZero();
    }

    @Test
    void bothEmptyIsPerfect() {
        SegmentationMetrics m = SegmentationMetrics.compute(
                new boolean[27], new boolean[27], new int[] {3, 3, 3}, new double[] {1, 1, 2});
        assertThat(m.bothEmpty()).isTrue();
        assertThat(m.distancesUndefined()).isFalse();
        assertThat(List.of(m.dice(), m.iou(), m.precision(), m.sensitivity(), m.specificity()))
                .containsOnly(1.0);
        assertThat(List.of(m.hd95(), m.hd(), m.assd())).containsOnly(0.0);
        assertThat(m.relativeVolumeDiff()).isNull();
        assertThat(m.volumeDiffMm3()).isZero();
    }

    @Test
    void exactlyOneEmptyHasUndefinedDistances() {
        boolean[] some = new boolean[27];
        some[13] = true;
        some[14] = true;
        SegmentationMetrics missed =
                SegmentationMetrics.compute(new boolean[27], some, new int[] {3, 3, 3}, new double[] {1, 1, 2});
        assertThat(missed.distancesUndefined()).isTrue();
        assertThat(missed.dice()).isZero();
        assertThat(missed.iou()).isZero();
        assertThat(missed.precision()).isNull();
        assertThat(missed.sensitivity()).isZero();
        assertThat(missed.specificity()).isEqualTo(1.0);
        assertThat(missed.hd95()).isNull();
        assertThat(missed.hd()).isNull();
        assertThat(missed.assd()).isNull();
        assertThat(missed.volumeDiffMm3()).isEqualTo(4.0);

        SegmentationMetrics spurious =
                SegmentationMetrics.compute(some, new boolean[27], new int[] {3, 3, 3}, new double[] {1, 1, 2});
        assertThat(spurious.dice()).isZero();
        assertThat(spurious.precision()).isZero();
        assertThat(spurious.sensitivity()).isNull();
        assertThat(spurious.specificity()).isCloseTo(25.0 / 27, offset(1e-15));
        assertThat(spurious.hd95()).isNull();
        assertThat(spurious.relativeVolumeDiff()).isNull();
    }

    @Test
    void surfaceUsesSixConnectivityAndImageBorder() {
        // A full 3×3×3 volume: erosion with border value 0 removes everything touching the image border, so every
        // voxel but the centre is a border voxel.
        boolean[] full = new boolean[27];
        Arrays.fill(full, true);
        assertThat(MaskSurface.borderVoxels(full, new int[] {3, 3, 3}))
                .hasSize(26)
                .doesNotContain(13);
        // In a 5³ cube inside a 7³ grid, the 3³ core keeps all six face neighbours: 125 − 27 border voxels. A
        // 26-connected erosion would give the same here, so also check a voxel whose only missing neighbour is
        // diagonal: it stays interior under the 6-connected cross.
        boolean[] c = new boolean[343];
        for (int k = 1; k <= 5; k++) {
            for (int j = 1; j <= 5; j++) {
                for (int i = 1; i <= 5; i++) {
                    c[i + 7 * (j + 7 * k)] = true;
                }
            }
        }
        assertThat(MaskSurface.borderVoxels(c, new int[] {7, 7, 7})).hasSize(98);
        c[2 + 7 * (2 + 7 * 2)] = false; // carve a core corner: (3,3,3) loses only a diagonal neighbour
        int[] border = MaskSurface.borderVoxels(c, new int[] {7, 7, 7});
        assertThat(border).doesNotContain(3 + 7 * (3 + 7 * 3));
        assertThat(border).contains(3 + 7 * (2 + 7 * 2)); // face neighbour of the hole
    }

    @Test
    void volumesAndRegions() {
        float[] pred = new float[27];
        float[] lab = new float[27];
        pred[0] = 1;
        pred[1] = 4;
        pred[2] = 2;
        lab[0] = 1;
        lab[1] = 3;
        lab[5] = 2;
        Affine a = Affine.scaling(1, 2, 3);
        Volume p = new Volume(3, 3, 3, 1, pred, a);
        Volume l = new Volume(3, 3, 3, 1, lab, a);
        List<Region> brats = Region.brats();
        SegmentationMetrics wt = SegmentationMetrics.compute(p, l, brats.get(0));
        assertThat(wt.truePositives()).isEqualTo(2);
        assertThat(wt.falsePositives()).isEqualTo(1);
        assertThat(wt.falseNegatives()).isEqualTo(1);
        assertThat(wt.voxelVolumeMm3()).isEqualTo(6.0);
        SegmentationMetrics et = SegmentationMetrics.compute(p, l, brats.get(2));
        assertThat(et.dice()).isEqualTo(1.0); // 4 in prediction and 3 in label are both enhancing tumour
        SegmentationMetrics c2 = SegmentationMetrics.compute(p, l, Region.ofClass(2));
        assertThat(c2.dice()).isZero();
        assertThat(c2.hd()).isCloseTo(2.0, offset(1e-12)); // (2,0,0) vs (2,1,0): one step along j, spacing 2
    }

    @Test
    void percentileMatchesNumpyExamples() {
        // np.percentile([1, 2, 3, 4, 10], 95) = 8.8 ; np.percentile([3, 1, 2], 50) = 2 ; ([5], 95) = 5
        assertThat(SurfaceDistances.percentile(new double[] {1, 2, 3, 4, 10}, 95))
                .isCloseTo(8.8, offset(1e-12));
        assertThat(SurfaceDistances.percentile(new double[] {3, 1, 2}, 50)).isEqualTo(2.0);
        assertThat(SurfaceDistances.percentile(new double[] {5}, 95)).isEqualTo(5.0);
        assertThat(SurfaceDistances.percentile(new double[] {0, 10}, 25)).isCloseTo(2.5, offset(1e-12));
    }
}
