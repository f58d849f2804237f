package dev.fess.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fess.preprocess.CachedCase;
import dev.fess.sampling.Batch;
import dev.fess.sampling.BatchGenerator;
import dev.fess.sampling.PatchSampler;
import dev.fess.sampling.SyntheticCases;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AugmenterTest {
    private static final int[] PATCH = {16, 20, 12};
    private static final int PV = 16 * 20 * 12;

    private static BatchGenerator generator(CachedCase c, AugmentationConfig cfg, boolean twoView, boolean nearest) {
        return new BatchGenerator(
                List.of(c), new PatchSampler(PATCH), new Augmenter(cfg, new double[] {2, 1, 1}), 3, twoView, nearest);
    }

    /** Image channel 0 equals the label map; sampled by nearest too, it must stay equal under every transform. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void imageAndLabelStayAlignedExactlyWithNearest(boolean elastic) {
        CachedCase c = SyntheticCases.blobs("b", new int[] {24, 36, 30}, 1);
        AugmentationConfig cfg = AugmentationConfig.spatialAlways(elastic).withRotate90(0.75);
        BatchGenerator g = generator(c, cfg, true, true);
        SplittableRandom rng = new SplittableRandom(7);
        int nonBackground = 0;
        for (int n = 0; n < 10; n++) {
            Batch b = g.generate(rng);
            for (int s = 0; s < 3; s++) {
                for (int v = 0; v < PV; v++) {
                    assertThat(b.images()[s * 2 * PV + v]).isEqualTo((float) b.classes()[s * PV + v]);
                    assertThat(b.images2()[s * 2 * PV + v]).isEqualTo((float) b.classes2()[s * PV + v]);
                    if (b.classes()[s * PV + v] != 0) {
                        nonBackground++;
                    }
                }
            }
        }
        assertThat(nonBackground).isGreaterThan(1000);
    }

    /** With trilinear images, round(image) = label except on a thin boundary layer. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void imageAndLabelStayAlignedWithLinear(boolean elastic) {
        CachedCase c = SyntheticCases.blobs("b", new int[] {24, 36, 30}, 2);
        BatchGenerator g =
                generator(c, AugmentationConfig.spatialAlways(elastic).withRotate90(0.5), false, false);
        SplittableRandom rng = new SplittableRandom(8);
        long agree = 0, fgAgree = 0, fg = 0, total = 0;
        for (int n = 0; n < 10; n++) {
            Batch b = g.generate(rng);
            for (int s = 0; s < 3; s++) {
                for (int v = 0; v < PV; v++) {
                    int label = b.classes()[s * PV + v];
                    boolean same = Math.round(b.images()[s * 2 * PV + v]) == label;
                    agree += same ? 1 : 0;
                    if (label != 0) {
                        fg++;
                        fgAgree += same ? 1 : 0;
                    }
                    total++;
                }
            }
        }
        assertThat((double) agree / total).isGreaterThan(0.97);
        assertThat((double) fgAgree / fg).isGreaterThan(0.9);
    }

    /** An image of voxel coordinates: view 1 at v and view 2 at corr[v] must show the same case position. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void twoViewCorrespondenceMatchesAnatomy(boolean elastic) {
        int[] shape = {40, 44, 38};
        CachedCase c = SyntheticCases.coordinates("xyz", shape);
        Augmenter aug =
                new Augmenter(AugmentationConfig.spatialAlways(elastic).withRotate90(0.5), new double[] {2, 1, 1});
        SplittableRandom rng = new SplittableRandom(9);
        long matched = 0, checked = 0;
        double sumErr = 0;
        float[] v1 = new float[3 * PV];
        float[] v2 = new float[3 * PV];
        int[] corr = new int[PV];
        for (int n = 0; n < 12; n++) {
            double[] centre = {15 + 10 * rng.nextDouble(), 15 + 14 * rng.nextDouble(), 14 + 10 * rng.nextDouble()};
            SpatialTransform t1 = aug.sampleSpatial(PATCH, rng);
            SpatialTransform t2 = aug.sampleSpatial(PATCH, rng);
            t1.apply(c, centre, PATCH, v1, 0, null, 0, false);
            t2.apply(c, centre, PATCH, v2, 0, null, 0, false);
            SpatialTransform.correspondence(t1, t2, centre, PATCH, corr, 0);
            for (int v = 0; v < PV; v++) {
                int q = corr[v];
                assertThat(q).isBetween(-1, PV - 1);
                double[] s1 = t1.source(centre, PATCH, v / (20 * 12), (v / 12) % 20, v % 12);
                double[] q2 = t2.patchPosition(centre, PATCH, s1);
                boolean inView2 = true;
                for (int k = 0; k < 3; k++) {
                    inView2 &= Math.floor(q2[k] + 0.5) >= 0 && Math.floor(q2[k] + 0.5) < PATCH[k];
                }
                assertThat(q >= 0).isEqualTo(inView2);
                checked++;
                if (q < 0) {
                    continue;
                }
                // only where both views sample inside the case (no blending with the zero padding)
                double[] s2 = t2.source(centre, PATCH, q / (20 * 12), (q / 12) % 20, q % 12);
                boolean inside = true;
                for (int k = 0; k < 3; k++) {
                    inside &= s1[k] >= 0 && s1[k] <= shape[k] - 1 && s2[k] >= 0 && s2[k] <= shape[k] - 1;
                }
                if (!inside) {
                    continue;
                }
                double err = 0;
                for (int k = 0; k < 3; k++) {
                    // view 1 shows s1 exactly (trilinear of a linear ramp)
                    assertThat((double) v1[k * PV + v]).isCloseTo(s1[k], within(1e-3));
                    err = Math.max(err, Math.abs(v1[k * PV + v] - v2[k * PV + q]));
                }
                matched++;
                sumErr += err;
                // nearest rounding in view 2: half a voxel per axis mapped through A2 (zoom <= 1.25, rotation)
                assertThat(err).isLessThan(elastic ? 1.6 : 1.3);
            }
        }
        assertThat((double) matched / checked).isGreaterThan(0.4);
        assertThat(sumErr / matched).isLessThan(0.6);
    }

    @Test
    void twoViewBatchesHaveBothViewsAndAValidCorrespondence() {
        CachedCase c = SyntheticCases.blobs("b", new int[] {24, 36, 30}, 4);
        Batch b = generator(c, AugmentationConfig.defaults(), true, false).generate(new SplittableRandom(3));
        assertThat(b.twoView()).isTrue();
        assertThat(b.images2()).hasSameSizeAs(b.images());
        assertThat(b.classes2()).hasSameSizeAs(b.classes());
        assertThat(b.correspondence()).hasSize(3 * PV);
        long valid = Arrays.stream(b.correspondence()).filter(q -> q >= 0).count();
        assertThat(valid).isGreaterThan(3L * PV / 3);
        long agree = 0;
        for (int s = 0; s < 3; s++) {
            for (int v = 0; v < PV; v++) {
                int q = b.correspondence()[s * PV + v];
                if (q >= 0 && b.classes()[s * PV + v] == b.classes2()[s * PV + q]) {
                    agree++;
                }
            }
        }
        // corresponding voxels show the same anatomy, so their (nearest-sampled) classes agree almost always
        assertThat((double) agree / valid).isGreaterThan(0.95);
    }

    @Test
    void identityTransformCorrespondenceIsIdentity() {
        int[] out = new int[PV];
        SpatialTransform.correspondence(
                SpatialTransform.identity(), SpatialTransform.identity(), new double[] {10, 10.5, 8.5}, PATCH, out, 0);
        for (int v = 0; v < PV; v++) {
            assertThat(out[v]).isEqualTo(v);
        }
        // view 2 mirrored in x: voxel x ↦ W−1−x
        SpatialTransform flip = SpatialTransform.linear(1, 0, 0, 0, 1, 0, 0, 0, -1);
        SpatialTransform.correspondence(SpatialTransform.identity(), flip, new double[] {10, 10.5, 8.5}, PATCH, out, 0);
        for (int v = 0; v < PV; v++) {
            int x = v % 12;
            assertThat(out[v]).isEqualTo(v - x + (11 - x));
        }
    }

    @Test
    void sameSeedSameBatchDifferentSeedDifferentBatch() {
        CachedCase c = SyntheticCases.blobs("b", new int[] {24, 36, 30}, 3);
        BatchGenerator g = generator(c, AugmentationConfig.defaults().withElastic(0.5), true, false);
        Batch a = g.generate(new SplittableRandom(42));
        Batch b = g.generate(new SplittableRandom(42));
        Batch d = g.generate(new SplittableRandom(43));
        assertThat(b.images()).containsExactly(a.images());
        assertThat(b.images2()).containsExactly(a.images2());
        assertThat(b.correspondence()).containsExactly(a.correspondence());
        assertThat(d.images()).isNotEqualTo(a.images());
    }

    @Test
    void gammaKeepsMeanAndStdAndBlurKeepsConstants() {
        SplittableRandom r = new SplittableRandom(1);
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        double m0 = mean(v), s0 = std(v);
        Augmenter.gamma(v, 0, v.length, 1.4);
        assertThat(mean(v)).isCloseTo(m0, within(1e-4));
        assertThat(std(v)).isCloseTo(s0, within(1e-4));

        float[] c = new float[6 * 7 * 8];
        Arrays.fill(c, 2.5f);
        GaussianBlur.blur(c, 0, new int[] {6, 7, 8}, 0.8);
        for (float x : c) {
            assertThat(x).isCloseTo(2.5f, within(1e-5f));
        }
        // a single spike spreads symmetrically and keeps its mass
        float[] spike = new float[9 * 9 * 9];
        spike[4 + 9 * (4 + 9 * 4)] = 1;
        GaussianBlur.blur(spike, 0, new int[] {9, 9, 9}, 1.0);
        double sum = 0;
        for (float x : spike) {
            sum += x;
        }
        assertThat(sum).isCloseTo(1, within(1e-5));
        assertThat(spike[3 + 9 * (4 + 9 * 4)]).isEqualTo(spike[5 + 9 * (4 + 9 * 4)]);
        assertThat(spike[4 + 9 * (3 + 9 * 4)]).isCloseTo(spike[4 + 9 * (4 + 9 * 3)], within(1e-7f));
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v), s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }
}
