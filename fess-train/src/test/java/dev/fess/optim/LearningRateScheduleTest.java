package dev.fess.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fess.optim.LearningRateSchedule.Kind;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constantStaysPut() {
        LearningRateSchedule s = LearningRateSchedule.of(Kind.CONSTANT, 0.01, 100, 0);
        assertThat(s.rate(0)).isEqualTo(0.01);
        assertThat(s.rate(99)).isEqualTo(0.01);
    }

    @Test
    void polyFollowsNnUNet() {
        LearningRateSchedule s = LearningRateSchedule.of(Kind.POLY, 0.01, 100, 0);
        assertThat(s.rate(0)).isEqualTo(0.01);
        // (1 − 50/100)^0.9 = 0.5^0.9 = 0.535886731
        assertThat(s.rate(50)).isCloseTo(0.00535886731, within(1e-11));
        // (1 − 99/100)^0.9 = 0.01^0.9 = 0.015848932
        assertThat(s.rate(99)).isCloseTo(0.00015848932, within(1e-12));
    }

    @Test
    void cosineHalvesAtTheMiddle() {
        LearningRateSchedule s = LearningRateSchedule.of(Kind.COSINE, 1.0, 10, 0);
        assertThat(s.rate(0)).isEqualTo(1.0);
        assertThat(s.rate(5)).isCloseTo(0.5, within(1e-12));
        // ½(1 + cos(0.9π)) = 0.024471742
        assertThat(s.rate(9)).isCloseTo(0.024471742, within(1e-9));
    }

    @Test
    void warmupRampsLinearlyThenDecaysOverTheRest() {
        LearningRateSchedule s = LearningRateSchedule.of(Kind.COSINE, 1.0, 14, 4);
        assertThat(s.rate(0)).isEqualTo(0.25);
        assertThat(s.rate(1)).isEqualTo(0.5);
        assertThat(s.rate(3)).isEqualTo(1.0);
        assertThat(s.rate(4)).isEqualTo(1.0);
        assertThat(s.rate(9)).isCloseTo(0.5, within(1e-12)); // s = 5/10
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> LearningRateSchedule.of(Kind.POLY, 0, 10, 0)).hasMessageContaining("> 0");
        assertThatThrownBy(() -> LearningRateSchedule.of(Kind.POLY, 0.1, 10, 10))
                .hasMessageContaining("warm-up");
    }
}
