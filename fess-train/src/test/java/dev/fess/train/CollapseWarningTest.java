package dev.fess.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.Pair;
import dev.fess.config.TrainingConfig;
import dev.fess.loss.CompositeLoss;
import dev.fess.loss.DiceLoss;
import dev.fess.run.EpochMetrics;
import dev.fess.run.GradientNorms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collapse guard rail: a run whose validation Dice falls more than 0.05 below its best after the first fifth of
 * training is flagged in {@code metrics.csv} ({@code collapse} = 1), returned in the result's warnings and logged,
 * with the likely cause named from the gradient norms; every epoch logs the gradient norms.
 */
class CollapseWarningTest {
    @TempDir
    Path tmp;

    /** Soft Dice towards the labels for the first {@code goodSteps} steps, then towards the inverted labels. */
    private static CompositeLoss turningBad(int goodSteps) {
        return new CompositeLoss(
                "turning-bad", DiceLoss.builder().optIncludeBackground(false).build(), null, 1f, null, 0) {
            private long step;

            @Override
            public void atStep(long t) {
                super.atStep(t);
                step = t;
            }

            @Override
            protected Pair<NDList, NDList> inputForComponent(int component, NDList labels, NDList predictions) {
                if (step < goodSteps) {
                    return new Pair<>(labels, predictions);
                }
                NDArray inverted =
                        labels.get(0).toType(DataType.INT32, false).neg().add(1);
                return new Pair<>(new NDList(inverted), predictions);
            }
        };
    }

    @Test
    void aValidationDiceFarBelowItsBestIsFlaggedWithACause() throws Exception {
        TrainingConfig cfg = TinySetup.config(tmp, 10).toBuilder()
                .set("iterations", "4", "test")
                .set("lr", "0.05", "test")
                .set("schedule", "constant", "test")
                .set("dropout", "0", "test")
                .build();
        Path run = tmp.resolve("run");
        Trainer.Result r = TinySetup.train(run, cfg, false, null, turningBad(24));
        List<EpochMetrics> h = r.history();
        double best = h.stream().mapToDouble(EpochMetrics::valDice).max().orElseThrow();
        double last = h.get(h.size() - 1).valDice();
        assertThat(best - last)
                .as("the inverted labels ruin the validation Dice")
                .isGreaterThan(0.05);
        assertThat(h).anyMatch(EpochMetrics::collapse);
        assertThat(h.get(0).collapse()).isFalse(); // never within the first fifth
        for (EpochMetrics m : h) {
            double bestSoFar = h.stream()
                    .filter(x -> x.epoch() <= m.epoch())
                    .mapToDouble(EpochMetrics::valDice)
                    .max()
                    .orElseThrow();
            assertThat(m.collapse())
                    .as("epoch %d", m.epoch())
                    .isEqualTo(m.epoch() > 10 / 5.0 && bestSoFar - m.valDice() > Trainer.COLLAPSE_DROP);
            assertThat(m.gradients().total()).isFinite().isPositive();
            assertThat(m.gradients().max()).isGreaterThanOrEqualTo(m.gradients().total());
            boolean probed = false; // steps 4(e−1) … 4e−1; every 5th step is a probe step
            for (int t = 4 * (m.epoch() - 1); t < 4 * m.epoch(); t++) {
                probed |= t % Trainer.PROBE_EVERY == 0;
            }
            if (probed) {
                assertThat(m.gradients().diceParameters())
                        .as("epoch %d", m.epoch())
                        .isFinite()
                        .isPositive();
                assertThat(m.gradients().diceFeatures()).isFinite().isPositive();
            } else {
                assertThat(m.gradients().diceParameters()).isNaN();
            }
            assertThat(m.gradients().contrastiveParameters()).isNaN(); // no contrastive term
        }
        assertThat(r.warnings()).isNotEmpty();
        assertThat(r.warnings().get(0))
                .startsWith("possible collapse at epoch ")
                .contains("likely cause: the learning rate");
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        int col = List.of(csv.get(0).split(",")).indexOf("collapse");
        assertThat(csv.stream().skip(1).map(l -> l.split(",")[col])).contains("1", "0");
    }

    @Test
    void theWarningNamesTheContrastiveTermWhenItsFeatureGradientDominates() {
        GradientNorms contrastive = new GradientNorms(1, 2, 0.001, 0.05, 0.3, 0.6, Double.NaN);
        assertThat(Trainer.collapseWarning(5, 0.4, 0.9, 2, contrastive, false))
                .isEqualTo("possible collapse at epoch 5: validation Dice 0.4000 is 0.5000 below the best 0.9000 "
                        + "(epoch 2); likely cause: the contrastive term's gradient at the shared features is 50.0× "
                        + "the Dice term's (0.0500 vs 0.00100), so it steers the segmentation features; use a larger "
                        + "lambda, a smaller feature_grad_scale or contrastive_grad_cap, a smaller lr, or "
                        + "contrastive_form: bounded if it is "
                        + "paper (see docs/losses.md)");
        GradientNorms dice = new GradientNorms(1.5, 2, 0.01, 0.001, 0.3, 0.1, 1);
        assertThat(Trainer.collapseWarning(5, 0.4, 0.9, 2, dice, false))
                .contains("likely cause: the learning rate " + "(gradient norm 1.50 before clipping)")
                .endsWith("; with few training cases the validation of the raw weights swings from epoch to epoch:"
                        + " ema_decay (e.g. 0.98) validates a moving average of them");
        assertThat(Trainer.collapseWarning(5, 0.4, 0.9, 2, dice, true))
                .endsWith("or validation cases unlike the training patches");
    }
}
