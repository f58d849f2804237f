package dev.fess.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.Modality;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreprocessPlannerTest {

    @Test
    void medianSpacingIsPerRasAxis() {
        // PIR: voxel axis 0 → y, 1 → z, 2 → x, so RAS spacing = (s2, s0, s1)
        List<LoadedCase> cases = List.of(
                TestCases.blobCase("a", new int[] {12, 10, 8}, TestCases.affine("PIR", 1, 2, 3), 1, 1),
                TestCases.blobCase("b", new int[] {12, 10, 8}, TestCases.affine("PIR", 1.5, 2, 4), 1, 2),
                TestCases.blobCase("c", new int[] {12, 10, 8}, TestCases.affine("PIR", 1, 2.5, 5), 1, 3));
        PreprocessPlan p = PreprocessPlanner.plan(cases, Modality.MRI, TestCases.BRATS_LIKE, Optional.empty());
        assertThat(p.targetSpacing()).containsExactly(new double[] {4, 1, 2}, within(1e-12));
        assertThat(p.intensities()).isEmpty();
        assertThat(p.channels()).isEqualTo(1);
        assertThat(p.numClasses()).isEqualTo(4);
        List<LoadedCase> four = new ArrayList<>(cases);
        four.add(TestCases.blobCase("d", new int[] {12, 10, 8}, TestCases.affine("RAS", 6, 1, 1), 1, 4));
        PreprocessPlan p4 = PreprocessPlanner.plan(four, Modality.MRI, TestCases.BRATS_LIKE, Optional.empty());
        assertThat(p4.targetSpacing()).containsExactly(new double[] {4.5, 1, 2}, within(1e-12));
    }

    /** Foreground = the upper half in memory order with HU 0..499; every 10th sample is 0, 10, …, 490. */
    private static LoadedCase ctCase() {
        Volume img = Volume.zeros(10, 10, 10, 1, Affine.identity());
        Volume lab = Volume.zeros(10, 10, 10, 1, Affine.identity());
        for (int v = 0; v < 1000; v++) {
            img.data()[v] = v < 500 ? -1000 : v - 500;
            lab.data()[v] = v < 500 ? 0 : 1;
        }
        return new LoadedCase("ct", img, lab);
    }

    @Test
    void ctStatisticsFromSampledForeground() {
        PreprocessPlan p = PreprocessPlanner.plan(
                List.of(ctCase()), Modality.CT, TestCases.BRATS_LIKE, Optional.of(new double[] {1, 1, 1}));
        ChannelIntensity ci = p.intensities().get(0);
        // 50 samples 10·m, m = 0..49: percentile position q·49 (numpy linear interpolation)
        assertThat(ci.clipLow()).isCloseTo(10 * 0.005 * 49, within(1e-9));
        assertThat(ci.clipHigh()).isCloseTo(10 * 0.995 * 49, within(1e-9));
        assertThat(ci.mean()).isCloseTo(245, within(1e-9));
        assertThat(ci.std()).isCloseTo(10 * Math.sqrt((50.0 * 50 - 1) / 12), within(1e-9));
    }

    @Test
    void ctNormalisationClipsThenZScores() {
        LoadedCase c = ctCase();
        PreprocessPlan p = PreprocessPlanner.plan(
                List.of(c), Modality.CT, TestCases.BRATS_LIKE, Optional.of(new double[] {1, 1, 1}));
        ChannelIntensity ci = p.intensities().get(0);
        PreprocessedCase pc = new Preprocessor(p).preprocess(c, TestCases.BRATS_LIKE);
        assertThat(pc.voxels()).isEqualTo(1000); // CT background −1000 is non-zero: no crop
        for (int v = 0; v < 1000; v++) {
            double raw = c.image().data()[v];
            double clipped = Math.min(ci.clipHigh(), Math.max(ci.clipLow(), raw));
            assertThat((double) pc.image()[v]).isCloseTo((clipped - ci.mean()) / ci.std(), within(1e-5));
        }
        assertThat(pc.image()[0]).isCloseTo((float) ((2.45 - 245) / ci.std()), within(1e-5f));
    }

    @Test
    void keyChangesWithEverySettingAndJsonRoundTrips() {
        PreprocessPlan p = PreprocessPlanner.plan(
                List.of(ctCase()), Modality.CT, TestCases.BRATS_LIKE, Optional.of(new double[] {1, 1, 1}));
        PreprocessPlan back = PreprocessPlan.fromJson(p.toJson());
        assertThat(back).isEqualTo(p);
        assertThat(back.key()).isEqualTo(p.key()).hasSize(16);
        assertThat(p.withTargetSpacing(1, 1, 1.0000001).key()).isNotEqualTo(p.key());
        assertThat(p.withLabelResampling(LabelResampling.LINEAR_ONE_HOT).key()).isNotEqualTo(p.key());
        PreprocessPlan otherStats = new PreprocessPlan(
                p.version(),
                p.modality(),
                p.channels(),
                p.targetSpacing(),
                List.of(new ChannelIntensity(0, 400, 245, 144)),
                p.labelMapping(),
                p.numClasses(),
                p.labelResampling(),
                p.foregroundSamples());
        assertThat(otherStats.key()).isNotEqualTo(p.key());
    }
}
