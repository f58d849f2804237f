package dev.fess.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The composite's input hook (region targets for the Dice term) and the reseeding of its sampled term. */
class CompositeLossTest {

    @Test
    void regionTargetsAreTheUnionOfTheirClasses() {
        try (NDManager m = NDManager.newBaseManager()) {
            // classes 0..3 of one sample, 1 × 1 × 2 × 2; regions WT = {1,2,3}, TC = {2,3}, ET = {3}
            NDArray classes = m.create(new int[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));
            NDArray t = RegionTargets.of(List.of(new int[] {1, 2, 3}, new int[] {2, 3}, new int[] {3}), 4)
                    .apply(classes);
            assertThat(t.getShape()).isEqualTo(new Shape(1, 3, 1, 2, 2));
            assertThat(t.toFloatArray())
                    .containsExactly(
                            0, 1, 1, 1, // WT
                            0, 0, 1, 1, // TC
                            0, 0, 0, 1); // ET
        }
    }

    @Test
    void theDiceTargetHookFeedsTheDiceTermAndTheContrastiveTermKeepsTheClassMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.randomNormal(new Shape(2, 2, 4, 4, 4));
            NDArray emb = m.randomNormal(new Shape(2, 6, 4, 4, 4));
            NDArray classes = m.randomInteger(0, 3, new Shape(2, 4, 4, 4), DataType.INT32);
            NDList predictions = new NDList(logits, emb, m.randomNormal(new Shape(2, 6)));
            List<int[]> regions = List.of(new int[] {1, 2}, new int[] {2});
            LossOptions o = LossOptions.builder()
                    .dice(DiceLoss.Activation.SIGMOID)
                    .includeBackground(true)
                    .diceTarget(RegionTargets.of(regions, 3))
                    .lambda(0.25f)
                    .samplesPerClass(5)
                    .seed(4)
                    .build();
            CompositeLoss fess = Arm.FESS.loss(o);
            float total = fess.evaluate(new NDList(classes), predictions).getFloat();

            NDArray targets = RegionTargets.of(regions, 3).apply(classes);
            float dice = DiceLoss.builder()
                    .optActivation(DiceLoss.Activation.SIGMOID)
                    .build()
                    .evaluate(new NDList(targets), predictions)
                    .getFloat();
            float supCon = SupervisedContrastiveLoss.builder()
                    .optSeed(4)
                    .optSamplesPerClass(5)
                    .build()
                    .compute(emb, classes, null)
                    .getFloat();
            assertThat(fess.lastParts().dice()).isCloseTo(dice, within(1e-6f));
            assertThat(fess.lastParts().contrastive()).isCloseTo(supCon, within(1e-6f));
            assertThat(total).isCloseTo(0.25f * dice + 0.75f * supCon, within(1e-5f));
        }
    }

    @Test
    void reseedingTheCompositeReseedsItsSampledTerm() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray emb = m.randomNormal(new Shape(2, 6, 4, 4, 4));
            NDArray classes = m.randomInteger(0, 3, new Shape(2, 4, 4, 4), DataType.INT32);
            NDList predictions = new NDList(m.randomNormal(new Shape(2, 3, 4, 4, 4)), emb);
            CompositeLoss loss = Arm.FESS.loss(
                    LossOptions.builder().samplesPerClass(3).seed(1).build());
            float first = loss.evaluate(new NDList(classes), predictions).getFloat();
            float second = loss.evaluate(new NDList(classes), predictions).getFloat();
            loss.reseed(1);
            assertThat(loss.evaluate(new NDList(classes), predictions).getFloat())
                    .isEqualTo(first);
            assertThat(second).isNotEqualTo(first); // the sample moves on between calls: the check is not vacuous
        }
    }
}
