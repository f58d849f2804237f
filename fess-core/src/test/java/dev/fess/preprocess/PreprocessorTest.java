package dev.fess.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.Modality;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreprocessorTest {

    static Stream<Arguments> orientations() {
        return Stream.of(
                Arguments.of("RAS", 11L),
                Arguments.of("LPS", 12L),
                Arguments.of("PIR", 13L),
                Arguments.of("SLA", 14L),
                Arguments.of("ILP", 15L));
    }

    private static PreprocessPlan planFor(LoadedCase c, LabelResampling lr, double[] target) {
        PreprocessPlan p =
                PreprocessPlanner.plan(List.of(c), Modality.MRI, TestCases.BRATS_LIKE, Optional.ofNullable(target));
        return p.withLabelResampling(lr);
    }

    @ParameterizedTest
    @MethodSource("orientations")
    void roundTripWithoutResamplingIsExact(String codes, long seed) {
        Affine a = TestCases.affine(codes, 0.9, 1.3, 3.1);
        LoadedCase c = TestCases.blobCase("c" + seed, new int[] {23, 19, 11}, a, 2, seed);
        PreprocessPlan plan = planFor(c, LabelResampling.NEAREST, null); // median of one case = its own spacing
        PreprocessedCase p = new Preprocessor(plan).preprocess(c, TestCases.BRATS_LIKE);

        GeometryRecord g = p.geometry();
        assertThat(g.resampled()).isFalse();
        assertThat(g.preprocessedShape()).isNotEqualTo(c.image().shape()); // it was cropped
        assertThat(g.reorientation().changesNothing()).isEqualTo(codes.equals("RAS"));

        Volume back = g.restore(p.classVolume(), ValueKind.LABELS);
        Volume raw = Preprocessor.toRawLabels(back, TestCases.BRATS_LIKE);
        assertThat(raw.shape()).containsExactly(c.label().shape());
        assertThat(raw.affine()).isEqualTo(a);
        assertThat(raw.data()).containsExactly(c.label().data());
    }

    /**
     * Independent of {@link Reorientation#undo}: every preprocessed voxel shows the original voxel at its world
     * position.
     */
    @ParameterizedTest
    @MethodSource("orientations")
    void preprocessedVoxelsSitAtTheirWorldPosition(String codes, long seed) {
        Affine a = TestCases.affine(codes, 0.9, 1.3, 3.1);
        LoadedCase c = TestCases.blobCase("c" + seed, new int[] {23, 19, 11}, a, 1, seed);
        PreprocessedCase p =
                new Preprocessor(planFor(c, LabelResampling.NEAREST, null)).preprocess(c, TestCases.BRATS_LIKE);
        Affine pa = p.geometry().preprocessedAffine();
        Affine inv = a.inverse();
        int[] s = p.shape();
        int checked = 0;
        for (int z = 0; z < s[0]; z++) {
            for (int y = 0; y < s[1]; y++) {
                for (int x = 0; x < s[2]; x++) {
                    double[] w = pa.apply(x, y, z);
                    double[] o = inv.apply(w[0], w[1], w[2]);
                    int i = (int) Math.round(o[0]), j = (int) Math.round(o[1]), k = (int) Math.round(o[2]);
                    assertThat(Math.abs(o[0] - i) + Math.abs(o[1] - j) + Math.abs(o[2] - k))
                            .isLessThan(1e-6);
                    int cls = TestCases.BRATS_LIKE.classOf((int) c.label().get(i, j, k));
                    assertThat(p.classes()[x + s[2] * (y + s[1] * z)]).isEqualTo((byte) cls);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(p.voxels());
        // RAS: the world x grows with the first index, y with the second, z with the third
        double[] o0 = pa.apply(0, 0, 0);
        assertThat(pa.apply(1, 0, 0)[0]).isGreaterThan(o0[0]);
        assertThat(pa.apply(0, 1, 0)[1]).isGreaterThan(o0[1]);
        assertThat(pa.apply(0, 0, 1)[2]).isGreaterThan(o0[2]);
    }

    @ParameterizedTest
    @MethodSource("orientations")
    void roundTripWithResamplingAgreesHighly(String codes, long seed) {
        Affine a = TestCases.affine(codes, 0.9, 1.3, 2.1);
        LoadedCase c = TestCases.blobCase("c" + seed, new int[] {60, 48, 26}, a, 1, seed, 0);
        for (LabelResampling lr : LabelResampling.values()) {
            PreprocessPlan plan = planFor(c, lr, new double[] {1.2, 1.2, 1.2});
            PreprocessedCase p = new Preprocessor(plan).preprocess(c, TestCases.BRATS_LIKE);
            assertThat(p.geometry().resampled()).isTrue();
            Volume back = p.geometry().restore(p.classVolume(), ValueKind.LABELS);
            Volume raw = Preprocessor.toRawLabels(back, TestCases.BRATS_LIKE);
            assertThat(raw.affine()).isEqualTo(a);
            for (int label : new int[] {1, 2, 4}) {
                assertThat(dice(raw.data(), c.label().data(), label))
                        .as("Dice of label %d (%s)", label, lr)
                        .isGreaterThan(0.95);
            }
        }
    }

    @Test
    void softmaxRestorePadsBackgroundWithOne() {
        Affine a = TestCases.affine("LPS", 1, 1, 2);
        LoadedCase c = TestCases.blobCase("c", new int[] {20, 18, 10}, a, 1, 3);
        PreprocessedCase p =
                new Preprocessor(planFor(c, LabelResampling.NEAREST, null)).preprocess(c, TestCases.BRATS_LIKE);
        int[] ps = p.geometry().preprocessedShape();
        Volume prob = Volume.zeros(ps[0], ps[1], ps[2], 2, null);
        Arrays.fill(prob.data(), 0, p.voxels(), 0.25f);
        Arrays.fill(prob.data(), p.voxels(), 2 * p.voxels(), 0.75f);
        Volume back = p.geometry().restore(prob, ValueKind.SOFTMAX);
        int n = back.voxels();
        int inside = 0;
        for (int v = 0; v < n; v++) {
            float bg = back.data()[v];
            float fg = back.data()[n + v];
            assertThat(bg + fg).isCloseTo(1f, Offset.offset(1e-6f));
            assertThat(bg).isIn(0.25f, 1f);
            if (bg == 0.25f) {
                inside++;
            }
        }
        assertThat(inside).isEqualTo(p.voxels());
    }

    @Test
    void mriNormalisationIsZeroMeanUnitStdOverNonZero() {
        Affine a = TestCases.affine("RAS", 1, 1, 1);
        LoadedCase c = TestCases.blobCase("c", new int[] {30, 28, 20}, a, 3, 5);
        // punch zeros into channel 1 inside the box: still in the union mask, so still normalised
        c.image().set(10, 10, 10, 1, 0f);
        PreprocessedCase p =
                new Preprocessor(planFor(c, LabelResampling.NEAREST, null)).preprocess(c, TestCases.BRATS_LIKE);
        int n = p.voxels();
        // the mask on the preprocessed grid, derived from the original image independently
        Volume orig = c.image();
        for (int ch = 0; ch < 3; ch++) {
            double sum = 0, ss = 0;
            int cnt = 0;
            for (int v = 0; v < n; v++) {
                float x = p.image()[ch * n + v];
                sum += x;
                ss += x * x;
                cnt++;
            }
            // the crop is the non-zero box and the box is full, so every preprocessed voxel is in the mask
            assertThat(sum / cnt).isCloseTo(0, Offset.offset(1e-5));
            assertThat(Math.sqrt(ss / cnt)).isCloseTo(1, Offset.offset(1e-5));
        }
        assertThat(n).isLessThan(orig.voxels());
    }

    @Test
    void mriVoxelsOutsideTheMaskStayZero() {
        Affine a = TestCases.affine("RAS", 1, 1, 1);
        LoadedCase c = TestCases.blobCase("c", new int[] {30, 28, 20}, a, 2, 6);
        // a hole of zeros in all channels inside the box
        for (int ch = 0; ch < 2; ch++) {
            c.image().set(12, 12, 9, ch, 0f);
            c.image().set(13, 12, 9, ch, 0f);
        }
        PreprocessedCase p =
                new Preprocessor(planFor(c, LabelResampling.NEAREST, null)).preprocess(c, TestCases.BRATS_LIKE);
        int[] st = p.geometry().cropStart();
        int[] s = p.shape();
        int n = p.voxels();
        int hole = (12 - st[0]) + s[2] * ((12 - st[1]) + s[1] * (9 - st[2]));
        for (int ch = 0; ch < 2; ch++) {
            assertThat(p.image()[ch * n + hole]).isZero();
            assertThat(p.image()[ch * n + hole + 1]).isZero();
            double sum = 0, ss = 0;
            int cnt = 0;
            for (int v = 0; v < n; v++) {
                if (v != hole && v != hole + 1) {
                    float x = p.image()[ch * n + v];
                    sum += x;
                    ss += x * x;
                    cnt++;
                }
            }
            assertThat(sum / cnt).isCloseTo(0, Offset.offset(1e-5));
            assertThat(Math.sqrt(ss / cnt - Math.pow(sum / cnt, 2))).isCloseTo(1, Offset.offset(1e-5));
        }
    }

    static double dice(float[] a, float[] b, int label) {
        long inter = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            boolean x = a[i] == label, y = b[i] == label;
            if (x) na++;
            if (y) nb++;
            if (x && y) inter++;
        }
        return 2.0 * inter / (na + nb);
    }
}
