package dev.fess.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.config.TrainingConfig;
import dev.fess.run.EpochMetrics;
import dev.fess.run.GradientNorms;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trainer's {@code contrastive_grad_cap} R on a FESS run: every step is a probe step, the contrastive gradient
 * that enters the update is at most R times the Dice gradient at the shared features (so the epoch means obey the
 * same bound), and the cap factor is logged; without a cap the factor is NaN and only every fifth step is probed.
 */
class ContrastiveGradCapTest {
    @TempDir
    Path tmp;

    private List<EpochMetrics> train(double cap) throws Exception {
        TrainingConfig cfg = TinySetup.config(tmp, 3).toBuilder()
                .set("loss", "fess", "test")
                .set("samples_per_class", "8", "test")
                .set("feature_grad_scale", "1", "test")
                .set("contrastive_grad_cap", Double.toString(cap), "test")
                .build();
        return TinySetup.train(
                        tmp.resolve("cap" + cap), cfg, false, null, TrainingSession.loss(cfg, TinySetup.BINARY, null))
                .history();
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(doubles = {0.01, 0.3})
    void theContrastiveFeatureGradientStaysWithinTheCap(double cap) throws Exception {
        List<EpochMetrics> h = train(cap);
        assertThat(h).hasSize(3);
        for (EpochMetrics m : h) {
            GradientNorms g = m.gradients();
            assertThat(g.contrastiveCapFactor())
                    .as("epoch %d", m.epoch())
                    .isGreaterThan(0)
                    .isLessThanOrEqualTo(1);
            assertThat(g.contrastiveFeatures()).isPositive().isLessThanOrEqualTo(cap * g.diceFeatures() * (1 + 1e-6));
        }
        // a cap of 0.01 binds (the uncapped ratio is larger, see below)
        if (cap == 0.01) {
            assertThat(h).allMatch(m -> m.gradients().contrastiveCapFactor() < 1);
        }
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(doubles = {0})
    void withoutACapTheFactorIsNotMeasuredAndTheRatioIsFree(double cap) throws Exception {
        List<EpochMetrics> h = train(cap);
        for (EpochMetrics m : h) {
            GradientNorms g = m.gradients();
            assertThat(g.contrastiveCapFactor()).isNaN();
            assertThat(g.contrastiveFeatures() / g.diceFeatures()).isGreaterThan(0.01);
        }
    }
}
