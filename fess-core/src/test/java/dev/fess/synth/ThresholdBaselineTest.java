package dev.fess.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.dataset.LoadedCase;
import dev.fess.volume.Volume;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ThresholdBaselineTest {
    /** Half the voxels are 1 with label 1, a quarter 3 with label 0 (a bright mimic), the rest 2 with label 1. */
    private static LoadedCase handMade() {
        int n = 8;
        float[] img = new float[n * n * n], lab = new float[n * n * n];
        for (int v = 0; v < img.length; v++) {
            int q = v % 4;
            img[v] = q < 2 ? 1 : q == 2 ? 2 : 3;
            lab[v] = q == 2 ? 1 : 0;
        }
        return new LoadedCase("x", new Volume(n, n, n, 1, img, null), new Volume(n, n, n, 1, lab, null));
    }

    @Test
    void fitFindsTheBestThresholdOnAKnownCase() {
        LoadedCase c = handMade();
        // values 1,1,2,3 → mean 1.75, sd √0.6875 ≈ 0.829; z(2) ≈ 0.30, z(3) ≈ 1.51
        ThresholdBaseline b = ThresholdBaseline.fit(List.of(c), 0);
        // thresholds below z(2) predict {2, 3}: Dice = 2·¼ / (½ + ¼) = 2/3; above z(3): nothing; between: {3} → 0
        assertThat(b.dice(c)).isCloseTo(2.0 / 3, Offset.offset(1e-9));
        assertThat(b.threshold()).isBetween(-0.91, 0.30); // z(1) ≈ −0.905 < t < z(2)
        assertThat(ThresholdBaseline.of(0, 0.5).dice(c)).isZero();
        assertThat(ThresholdBaseline.of(0, 2).dice(c)).isZero();
    }

    private static double baselineDice(PhantomOptions o) {
        PhantomGenerator g = PhantomGenerator.of(PhantomKind.BRATS, o, 2024);
        List<LoadedCase> cases = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            cases.add(g.generate(c).data());
        }
        ThresholdBaseline b = ThresholdBaseline.fit(cases.subList(0, 3), 0);
        return b.meanDice(cases.subList(3, 6));
    }

    @Test
    void defaultKnobsDefeatAThresholdButEasyOnesDoNot() {
        double hard = baselineDice(PhantomOptions.builder().size(48).build());
        double easy = baselineDice(
                PhantomOptions.builder().size(48).noise(0).contrast(4).build());
        System.out.printf(
                "threshold baseline whole-tumour Dice (FLAIR, 3 train / 3 test, 48³): default %.3f,"
                        + " noise 0 contrast 4 %.3f%n",
                hard, easy);
        assertThat(hard).isLessThanOrEqualTo(0.70).isGreaterThan(0.2);
        assertThat(easy).isGreaterThan(0.8).isGreaterThan(hard + 0.15);
    }
}
