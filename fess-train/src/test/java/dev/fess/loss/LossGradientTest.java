package dev.fess.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fess.gradcheck.GradientCheck;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Central-difference gradient checks (float64, relative error &lt; 1e-4) of every loss. */
class LossGradientTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    static Stream<Arguments> diceOptions() {
        return Stream.of(
                Arguments.of(1L, false, false, true, null),
                Arguments.of(2L, true, false, true, null),
                Arguments.of(3L, false, true, false, null),
                Arguments.of(4L, true, true, false, new float[] {0.3f, 2f}));
    }

    @ParameterizedTest
    @MethodSource("diceOptions")
    void diceSigmoidMultiChannelTargets(
            long seed, boolean squared, boolean batch, boolean background, float[] weights) {
        DiceLoss dice = DiceLoss.builder()
                .optActivation(DiceLoss.Activation.SIGMOID)
                .optSquaredPred(squared)
                .optBatch(batch)
                .optIncludeBackground(background)
                .optClassWeights(
                        weights == null ? null : background ? new float[] {weights[0], weights[1], 1f} : weights)
                .build();
        Shape shape = new Shape(2, 3, 2, 3, 2);
        Random r = new Random(seed);
        double[] target = new double[(int) shape.size()];
        for (int i = 0; i < target.length; i++) {
            target[i] = r.nextBoolean() ? 1 : 0;
        }
        NDArray t = manager.create(target, shape);
        GradientCheck.Result res = GradientCheck.check(
                manager, GradientCheck.gaussian(seed, target.length, 1.5), shape, x -> dice.compute(x, t), null);
        assertThat(res.relativeError()).isLessThan(1e-4);
        assertThat(res.maxAbsAnalytic()).isGreaterThan(1e-4);
    }

    @ParameterizedTest
    @MethodSource("diceOptions")
    void diceSoftmaxLabelMap(long seed, boolean squared, boolean batch, boolean background, float[] weights) {
        DiceLoss dice = DiceLoss.builder()
                .optActivation(DiceLoss.Activation.SOFTMAX)
                .optSquaredPred(squared)
                .optBatch(batch)
                .optIncludeBackground(background)
                .optClassWeights(
                        weights == null ? null : background ? new float[] {weights[0], weights[1], 1f} : weights)
                .build();
        Shape shape = new Shape(2, 3, 3, 2, 2);
        Random r = new Random(seed);
        int[] labels = new int[2 * 3 * 2 * 2];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(3);
        }
        NDArray t = manager.create(labels, new Shape(2, 3, 2, 2));
        GradientCheck.Result res = GradientCheck.check(
                manager,
                GradientCheck.gaussian(seed + 7, (int) shape.size(), 1.5),
                shape,
                x -> dice.compute(x, t),
                null);
        assertThat(res.relativeError()).isLessThan(1e-4);
        assertThat(res.maxAbsAnalytic()).isGreaterThan(1e-4);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void supConCore(long seed) {
        Random r = new Random(seed);
        int[] labels = new int[12];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(3);
        }
        labels[0] = 5; // a singleton: never an anchor, still a negative
        for (float tau : new float[] {0.5f, 0.1f}) {
            GradientCheck.Result res = GradientCheck.check(
                    manager,
                    GradientCheck.gaussian(seed, 12 * 4, 1.0),
                    new Shape(12, 4),
                    z -> SupervisedContrastiveLoss.supCon(z, labels, tau),
                    null);
            assertThat(res.relativeError()).isLessThan(1e-4);
            assertThat(res.maxAbsAnalytic()).isGreaterThan(1e-4);
        }
    }

    @Test
    void supConThroughSamplingAndGather() {
        SupervisedContrastiveLoss loss = SupervisedContrastiveLoss.builder()
                .optSamplesPerClass(3)
                .optSeed(5)
                .build();
        Random r = new Random(9);
        int[] labels = new int[2 * 4 * 4 * 4];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(3);
        }
        NDArray labelMap = manager.create(labels, new Shape(2, 4, 4, 4));
        Shape shape = new Shape(2, 4, 2, 2, 2);
        long[] state = loss.getSamplerState();
        GradientCheck.Result res = GradientCheck.check(
                manager,
                GradientCheck.gaussian(3, (int) shape.size(), 1.0),
                shape,
                e -> {
                    loss.setSamplerState(state); // the same sample at every evaluation
                    return loss.compute(e, labelMap, null);
                },
                null);
        assertThat(res.relativeError()).isLessThan(1e-4);
        assertThat(res.maxAbsAnalytic()).isGreaterThan(1e-4);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void ntXent(long seed) {
        NDArray b = manager.create(GradientCheck.gaussian(seed + 1, 20, 1.0), new Shape(4, 5));
        NDArray a = manager.create(GradientCheck.gaussian(seed, 20, 1.0), new Shape(4, 5));
        GradientCheck.Result ra = GradientCheck.check(
                manager,
                GradientCheck.gaussian(seed, 20, 1.0),
                new Shape(4, 5),
                x -> NtXentLoss.ntXent(x, b, 0.5f),
                null);
        GradientCheck.Result rb = GradientCheck.check(
                manager,
                GradientCheck.gaussian(seed + 1, 20, 1.0),
                new Shape(4, 5),
                x -> NtXentLoss.ntXent(a, x, 0.2f),
                null);
        assertThat(ra.relativeError()).isLessThan(1e-4);
        assertThat(rb.relativeError()).isLessThan(1e-4);
        assertThat(ra.maxAbsAnalytic()).isGreaterThan(1e-4);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void infoNceCore(long seed) {
        NDArray b = manager.create(GradientCheck.gaussian(seed + 1, 18, 1.0), new Shape(6, 3));
        GradientCheck.Result res = GradientCheck.check(
                manager,
                GradientCheck.gaussian(seed, 18, 1.0),
                new Shape(6, 3),
                x -> InfoNceLoss.infoNce(x, b, 0.1f),
                null);
        assertThat(res.relativeError()).isLessThan(1e-4);
        assertThat(res.maxAbsAnalytic()).isGreaterThan(1e-4);
    }

    @Test
    void infoNceThroughSamplingAndGather() {
        InfoNceLoss loss = InfoNceLoss.builder().optSamples(5).optSeed(2).build();
        Shape shape = new Shape(2, 3, 2, 2, 2);
        int[] corr = new int[16];
        for (int i = 0; i < corr.length; i++) {
            corr[i] = i % 3 == 0 ? -1 : 7 - (i % 8); // reversed grid, some voxels lost
        }
        NDArray correspondence = manager.create(corr, new Shape(2, 2, 2, 2));
        NDArray view2 = manager.create(GradientCheck.gaussian(8, (int) shape.size(), 1.0), shape);
        long[] state = loss.getSamplerState();
        GradientCheck.Result res = GradientCheck.check(
                manager,
                GradientCheck.gaussian(4, (int) shape.size(), 1.0),
                shape,
                e -> {
                    loss.setSamplerState(state);
                    return loss.compute(e, view2, correspondence);
                },
                null);
        assertThat(res.relativeError()).isLessThan(1e-4);
        assertThat(res.maxAbsAnalytic()).isGreaterThan(1e-4);
    }

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L);
    }
}
