package dev.fess.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The eight values of docs REFERENCE-VALUES.md, at 1e-5. */
class ReferenceValuesTest {

    static final double[][] EMBEDDINGS = {
        {1.0, 0.2, 0.0}, {0.9, 0.1, 0.3}, {0.0, 1.0, 0.2}, {0.1, 0.8, -0.1}, {-0.2, 0.9, 0.4}, {0.3, -0.5, 1.0}
    };
    static final double[][] VIEW_B = {
        {0.8, 0.3, 0.1}, {1.0, 0.0, 0.2}, {0.1, 0.9, 0.3}, {0.0, 0.7, 0.0}, {-0.1, 1.0, 0.5}, {0.2, -0.4, 0.9}
    };
    static final int[] LABELS = {0, 0, 1, 1, 1, 2};

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void value1DiceSigmoid() {
        DiceLoss dice = DiceLoss.builder()
                .optActivation(DiceLoss.Activation.SIGMOID)
                .optSmoothNr(1e-6f)
                .optSmoothDr(1e-6f)
                .build();
        NDArray logits = manager.create(new double[] {1, -1, -1, 1}, new Shape(1, 1, 2, 2));
        NDArray target = manager.create(new double[] {1, 0, 1, 1}, new Shape(1, 1, 2, 2));
        assertThat(dice.compute(logits, target).getDouble()).isCloseTo(0.307576, within(1e-5));
    }

    @Test
    void value2DiceSoftmaxOneHot() {
        DiceLoss dice = DiceLoss.builder()
                .optActivation(DiceLoss.Activation.SOFTMAX)
                .optSmoothNr(1e-4f)
                .optSmoothDr(1e-4f)
                .build();
        NDArray logits = manager.create(new double[] {-1, 0, 1, 1, 0, -1, 0, 0, 0, 0, 0, 0}, new Shape(2, 2, 3));
        NDArray labels = manager.create(new int[] {1, 0, 0, 1, 1, 0}, new Shape(2, 1, 3));
        assertThat(dice.compute(logits, labels).getDouble()).isCloseTo(0.383713, within(1e-5));
        // the same label map without its channel axis
        assertThat(dice.compute(logits, labels.reshape(2, 3)).getDouble()).isCloseTo(0.383713, within(1e-5));
    }

    @Test
    void value3NtXentIdenticalViews() {
        NDArray v = manager.create(new double[] {1, 2, 3, 4, 1, 2, 3, 4}, new Shape(2, 4));
        assertThat(NtXentLoss.ntXent(v, v, 0.5f).getDouble()).isCloseTo(Math.log(3), within(1e-5));
        assertThat(NtXentLoss.ntXent(v, v, 0.5f).getDouble()).isCloseTo(1.098612, within(1e-5));
    }

    static NDArray rows(double[][] r) {
        return manager.create(r);
    }

    @Test
    void value4SupConTau05() {
        assertThat(SupervisedContrastiveLoss.supCon(rows(EMBEDDINGS), LABELS, 0.5f)
                        .getDouble())
                .isCloseTo(0.824497, within(1e-5));
    }

    @Test
    void value5SupConTau01() {
        assertThat(SupervisedContrastiveLoss.supCon(rows(EMBEDDINGS), LABELS, 0.1f)
                        .getDouble())
                .isCloseTo(0.511053, within(1e-5));
        assertThat(SupervisedContrastiveLoss.supCon(
                                rows(EMBEDDINGS).toType(DataType.FLOAT32, false), manager.create(LABELS), 0.1f)
                        .getFloat())
                .isCloseTo(0.511053f, within(1e-5f));
    }

    @Test
    void value6SupConNoPositivesIsZeroWithZeroGradient() {
        NDArray z = rows(EMBEDDINGS);
        z.setRequiresGradient(true);
        NDArray loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            loss = SupervisedContrastiveLoss.supCon(z, new int[] {0, 1, 2, 3, 4, 5}, 0.5f);
            gc.backward(loss);
        }
        assertThat(loss.getDouble()).isEqualTo(0.0);
        for (double g : z.getGradient().toDoubleArray()) {
            assertThat(g).isEqualTo(0.0);
        }
    }

    @Test
    void value7InfoNceTau05() {
        assertThat(InfoNceLoss.infoNce(rows(EMBEDDINGS), rows(VIEW_B), 0.5f).getDouble())
                .isCloseTo(1.032536, within(1e-5));
    }

    @Test
    void value8InfoNceTau01() {
        assertThat(InfoNceLoss.infoNce(rows(EMBEDDINGS), rows(VIEW_B), 0.1f).getDouble())
                .isCloseTo(0.559984, within(1e-5));
    }
}
