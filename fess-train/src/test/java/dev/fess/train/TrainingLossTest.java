package dev.fess.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fess.UserInputException;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LabelMappings;
import dev.fess.loss.DiceLoss;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The loss keys of the configuration reach the Dice term of the training loss. */
class TrainingLossTest {
    static final LabelMapping WT = LabelMappings.byName(
            "brats-whole-tumour", Map.of(0, "background", 1, "necrotic", 2, "edema", 4, "enhancing"), "test");

    static TrainingConfig.Builder config() {
        return TrainingConfig.builder().set("data", "/d", "test").set("loss", "dice", "test");
    }

    @Test
    void batchSquaredSmoothAndWeightsAreTheDiceLossOptions() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom r = new SplittableRandom(3);
            float[] cls = new float[2 * 64];
            for (int i = 0; i < cls.length; i++) {
                cls[i] = r.nextDouble() < 0.3 ? 1 : 0;
            }
            NDArray classMap = m.create(cls, new Shape(2, 4, 4, 4));
            NDArray logits = m.randomNormal(new Shape(2, 1, 4, 4, 4));
            NDArray target = classMap.expandDims(1);
            TrainingConfig cfg = config().set("batch_dice", "true", "test")
                    .set("squared_dice", "true", "test")
                    .set("dice_smooth", "0.5", "test")
                    .set("class_weights", "2", "test")
                    .build();
            float got = TrainingSession.loss(cfg, WT, null)
                    .evaluate(new NDList(classMap), new NDList(logits))
                    .getFloat();
            float expected = DiceLoss.builder()
                    .optActivation(DiceLoss.Activation.SIGMOID)
                    .optBatch(true)
                    .optSquaredPred(true)
                    .optSmoothNr(0.5f)
                    .optSmoothDr(0.5f)
                    .optClassWeights(new float[] {2f})
                    .build()
                    .compute(logits, target)
                    .getFloat();
            assertThat(got).isCloseTo(expected, within(1e-6f));
            float plain = TrainingSession.loss(config().build(), WT, null)
                    .evaluate(new NDList(classMap), new NDList(logits))
                    .getFloat();
            float perSample = DiceLoss.builder()
                    .optActivation(DiceLoss.Activation.SIGMOID)
                    .build()
                    .compute(logits, target)
                    .getFloat();
            assertThat(plain).isCloseTo(perSample, within(1e-6f)).isNotCloseTo(got, within(1e-3f));
        }
    }

    @Test
    void classWeightsNeedOneWeightPerScoredChannel() {
        TrainingConfig cfg = config().set("class_weights", "1,2", "test").build();
        assertThatThrownBy(() -> TrainingSession.loss(cfg, WT, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage("class_weights: expected 1 weight(s), one per region [WT] of label mapping"
                        + " brats-whole-tumour, got 2");
    }
}
