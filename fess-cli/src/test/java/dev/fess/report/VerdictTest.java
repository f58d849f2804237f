package dev.fess.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.statistics.ConfidenceInterval;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static ConfidenceInterval ci(double lo, double hi) {
        return new ConfidenceInterval((lo + hi) / 2, lo, hi, 0.95);
    }

    @Test
    void betterNeedsBothTheIntervalAboveZeroAndASmallP() {
        assertThat(Verdict.words("FESS", "Dice", ci(0.01, 0.05), 0.01, 30)).isEqualTo("FESS better than Dice (n = 30)");
        assertThat(Verdict.words("FESS", "Dice", ci(0.01, 0.05), 0.06, 30))
                .isEqualTo("not distinguishable with these data (n = 30)");
        assertThat(Verdict.words("FESS", "Dice", ci(-0.01, 0.05), 0.001, 30))
                .isEqualTo("not distinguishable with these data (n = 30)");
        assertThat(Verdict.words("FESS", "Dice", ci(0.0, 0.05), 0.001, 30))
                .isEqualTo("not distinguishable with these data (n = 30)");
    }

    @Test
    void worseIsTheMirrorImage() {
        assertThat(Verdict.words("FESS", "SimCLR", ci(-0.05, -0.01), 0.049, 12))
                .isEqualTo("FESS worse than SimCLR (n = 12)");
        assertThat(Verdict.words("FESS", "SimCLR", ci(-0.05, -0.01), 0.05, 12))
                .isEqualTo("not distinguishable with these data (n = 12)");
        assertThat(Verdict.words("FESS", "SimCLR", ci(-0.05, 0.01), 0.01, 12))
                .isEqualTo("not distinguishable with these data (n = 12)");
    }
}
