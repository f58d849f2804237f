package dev.fess.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fess.gradcheck.GradientCheck;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bounded forms of the SimCLR (NT-Xent) and InfoNCE baselines and their feature-gradient scale: reference values
 * from an independent float64 numpy implementation ({@code src/test/resources/reference/baselines_bounded.py}, whose
 * published-form InfoNCE values also reproduce ReferenceValuesTest's 1.032536 and 0.559984), their value on equal
 * rows, central-difference gradients (cores, and InfoNCE through sampling, gather and a projector), the exact
 * relation to the published forms, and that the published forms are unchanged by default.
 */
class BoundedBaselinesTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static NDArray rows(double[][] r) {
        return manager.create(r);
    }

    private static NDArray firstRows(double[][] r, int n) {
        return rows(r).get("0:" + n);
    }

    @Test
    void referenceValuesFromNumpy() {
        NDArray a = rows(ReferenceValuesTest.EMBEDDINGS);
        NDArray b = rows(ReferenceValuesTest.VIEW_B);
        assertThat(NtXentLoss.ntXent(a, b, 0.5f).getDouble()).isCloseTo(1.521081, within(1e-6));
        assertThat(NtXentLoss.ntXentBounded(a, b, 0.5f).getDouble()).isCloseTo(0.634340, within(1e-6));
        assertThat(NtXentLoss.ntXent(a, b, 0.1f).getDouble()).isCloseTo(0.878725, within(1e-6));
        assertThat(NtXentLoss.ntXentBounded(a, b, 0.1f).getDouble()).isCloseTo(0.366457, within(1e-6));
        NDArray a2 = firstRows(ReferenceValuesTest.EMBEDDINGS, 2);
        NDArray b2 = firstRows(ReferenceValuesTest.VIEW_B, 2);
        assertThat(NtXentLoss.ntXent(a2, b2, 0.5f).getDouble()).isCloseTo(1.052025, within(1e-6));
        assertThat(NtXentLoss.ntXentBounded(a2, b2, 0.5f).getDouble()).isCloseTo(0.957594, within(1e-6));
        assertThat(InfoNceLoss.infoNce(a, b, 0.5f).getDouble()).isCloseTo(1.032536, within(1e-6));
        assertThat(InfoNceLoss.infoNceBounded(a, b, 0.5f).getDouble()).isCloseTo(0.576269, within(1e-6));
        assertThat(InfoNceLoss.infoNce(a, b, 0.1f).getDouble()).isCloseTo(0.559984, within(1e-6));
        assertThat(InfoNceLoss.infoNceBounded(a, b, 0.1f).getDouble()).isCloseTo(0.312533, within(1e-6));
        // float32, as in training
        NDArray a32 = a.toType(DataType.FLOAT32, false);
        NDArray b32 = b.toType(DataType.FLOAT32, false);
        assertThat(NtXentLoss.ntXentBounded(a32, b32, 0.5f).getFloat()).isCloseTo(0.634340f, within(1e-5f));
        assertThat(InfoNceLoss.infoNceBounded(a32, b32, 0.5f).getFloat()).isCloseTo(0.576269f, within(1e-5f));
    }

    @Test
    void equalRowsGiveOneAndOneRowPerViewGivesTheUnboundedZero() {
        NDArray same = manager.ones(new Shape(4, 3), DataType.FLOAT64);
        assertThat(NtXentLoss.ntXentBounded(same, same, 0.5f).getDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(InfoNceLoss.infoNceBounded(same, same, 0.5f).getDouble()).isCloseTo(1.0, within(1e-12));
        // B = 1: no negative, NT-Xent is 0 in both forms
        NDArray one = firstRows(ReferenceValuesTest.EMBEDDINGS, 1);
        NDArray other = firstRows(ReferenceValuesTest.VIEW_B, 1);
        assertThat(NtXentLoss.ntXentBounded(one, other, 0.5f).getDouble()).isCloseTo(0.0, within(1e-9));
        assertThat(NtXentLoss.ntXent(one, other, 0.5f).getDouble()).isCloseTo(0.0, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void boundedGradientsAreThePublishedOnesOverLogOfCandidatesAndMatchCentralDifferences(long seed) {
        NDArray other = manager.create(GradientCheck.gaussian(seed + 10, 24, 1.0), new Shape(6, 4));
        for (float tau : new float[] {0.5f, 0.1f}) {
            checkRelation(
                    seed, z -> NtXentLoss.ntXentBounded(z, other, tau), z -> NtXentLoss.ntXent(z, other, tau), 11);
            checkRelation(
                    seed, z -> InfoNceLoss.infoNceBounded(z, other, tau), z -> InfoNceLoss.infoNce(z, other, tau), 6);
        }
    }

    private static void checkRelation(
            long seed, Function<NDArray, NDArray> bounded, Function<NDArray, NDArray> plain, int candidates) {
        GradientCheck.Result b =
                GradientCheck.check(manager, GradientCheck.gaussian(seed, 24, 1.0), new Shape(6, 4), bounded, null);
        assertThat(b.relativeError()).isLessThan(1e-4);
        assertThat(b.maxAbsAnalytic()).isGreaterThan(1e-5);
        GradientCheck.Result p =
                GradientCheck.check(manager, GradientCheck.gaussian(seed, 24, 1.0), new Shape(6, 4), plain, null);
        for (int i = 0; i < p.analytic().length; i++) {
            assertThat(b.analytic()[i]).isCloseTo(p.analytic()[i] / Math.log(candidates), within(1e-12));
        }
    }

    private static NDArray correspondence(NDManager m) {
        int[] corr = new int[16];
        for (int i = 0; i < corr.length; i++) {
            corr[i] = i % 3 == 0 ? -1 : 7 - (i % 8); // reversed grid, some voxels lost
        }
        return m.create(corr, new Shape(2, 2, 2, 2));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void infoNceThroughSamplingGatherAndProjectorMatchesCentralDifferences(boolean bounded) {
        NDArray w = manager.create(GradientCheck.gaussian(5, 9, 1.0), new Shape(3, 3));
        InfoNceLoss loss = InfoNceLoss.builder()
                .optSamples(5)
                .optSeed(2)
                .optBounded(bounded)
                .optProjector(rows -> rows.matMul(w))
                .build();
        assertThat(loss.isBounded()).isEqualTo(bounded);
        Shape shape = new Shape(2, 3, 2, 2, 2);
        NDArray correspondence = correspondence(manager);
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
        assertThat(res.maxAbsAnalytic()).isGreaterThan(1e-5);
    }

    @Test
    void projectingTheSampleEqualsProjectingEveryVoxel() {
        NDArray w = manager.create(GradientCheck.gaussian(5, 9, 1.0), new Shape(3, 3));
        Shape shape = new Shape(2, 3, 2, 2, 2);
        NDArray v1 = manager.create(GradientCheck.gaussian(4, (int) shape.size(), 1.0), shape);
        NDArray v2 = manager.create(GradientCheck.gaussian(8, (int) shape.size(), 1.0), shape);
        // the pointwise head on every voxel: B × F × d × h × w → B × E × d × h × w
        Function<NDArray, NDArray> dense =
                v -> v.transpose(0, 2, 3, 4, 1).matMul(w).transpose(0, 4, 1, 2, 3);
        InfoNceLoss sampled = InfoNceLoss.builder()
                .optSamples(5)
                .optSeed(2)
                .optProjector(rows -> rows.matMul(w))
                .build();
        InfoNceLoss plain = InfoNceLoss.builder().optSamples(5).optSeed(2).build();
        double expected = plain.compute(dense.apply(v1), dense.apply(v2), correspondence(manager))
                .getDouble();
        assertThat(sampled.compute(v1, v2, correspondence(manager)).getDouble()).isCloseTo(expected, within(1e-12));
    }

    /** InfoNCE value and gradients at the features and at the projector's weight, for one scale. */
    private static double[][] infoNceGradients(float scale, double[] value) {
        try (NDManager m = manager.newSubManager()) {
            Shape shape = new Shape(2, 3, 2, 2, 2);
            NDArray v1 = m.create(GradientCheck.gaussian(4, (int) shape.size(), 1.0), shape);
            NDArray v2 = m.create(GradientCheck.gaussian(8, (int) shape.size(), 1.0), shape);
            NDArray w = m.create(GradientCheck.gaussian(5, 9, 1.0), new Shape(3, 3));
            InfoNceLoss loss = InfoNceLoss.builder()
                    .optSamples(6)
                    .optFeatureGradScale(scale)
                    .optProjector(rows -> rows.matMul(w))
                    .build();
            v1.setRequiresGradient(true);
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.compute(v1, v2, correspondence(m));
                value[0] = l.getDouble();
                gc.backward(l);
            }
            return new double[][] {
                v1.getGradient().toType(DataType.FLOAT64, false).toDoubleArray(),
                w.getGradient().toType(DataType.FLOAT64, false).toDoubleArray()
            };
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, 0.1f, 0.5f})
    void infoNceFeatureGradScaleScalesOnlyTheGradientIntoTheFeatures(float scale) {
        double[] one = new double[1];
        double[] scaled = new double[1];
        double[][] g1 = infoNceGradients(1f, one);
        double[][] gs = infoNceGradients(scale, scaled);
        assertThat(scaled[0]).isCloseTo(one[0], within(1e-12));
        double norm = 0;
        for (int i = 0; i < g1[0].length; i++) {
            assertThat(gs[0][i]).isCloseTo(scale * g1[0][i], within(1e-12));
            norm += g1[0][i] * g1[0][i];
        }
        assertThat(norm).isGreaterThan(1e-6);
        for (int i = 0; i < g1[1].length; i++) {
            assertThat(gs[1][i]).isCloseTo(g1[1][i], within(1e-12)); // the head still learns fully
        }
    }

    /** NT-Xent through {@link NtXentLoss#evaluate}: value and gradient at view 1's global embeddings. */
    private static double[] ntXentGradient(NtXentLoss loss, double[] value) {
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.create(GradientCheck.gaussian(3, 8, 1.0), new Shape(2, 4));
            NDArray b = m.create(GradientCheck.gaussian(6, 8, 1.0), new Shape(2, 4));
            NDArray unused = m.zeros(new Shape(1));
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.evaluate(new NDList(unused), new NDList(unused, unused, a, unused, unused, b));
                value[0] = l.getDouble();
                gc.backward(l);
            }
            return a.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, 0.1f, 0.5f, 1f})
    void ntXentFormAndFeatureGradScaleThroughEvaluate(float scale) {
        double[] monai = new double[1];
        double[] g1 = ntXentGradient(NtXentLoss.of(0.5f), monai);
        NtXentLoss bounded = NtXentLoss.builder()
                .optTemperature(0.5f)
                .optBounded(true)
                .optFeatureGradScale(scale)
                .build();
        assertThat(bounded.isBounded()).isTrue();
        assertThat(NtXentLoss.of(0.5f).isBounded()).isFalse();
        double[] v = new double[1];
        double[] gs = ntXentGradient(bounded, v);
        assertThat(v[0]).isCloseTo(monai[0] / Math.log(3), within(1e-12));
        double norm = 0;
        for (int i = 0; i < g1.length; i++) {
            assertThat(gs[i]).isCloseTo(scale * g1[i] / Math.log(3), within(1e-12));
            norm += g1[i] * g1[i];
        }
        assertThat(norm).isGreaterThan(1e-6);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyContrastiveArmBuildsTheFormItIsAskedFor(boolean bounded) {
        LossOptions options = LossOptions.builder().boundedContrastive(bounded).build();
        assertThat(LossOptions.defaults().boundedContrastive()).isFalse(); // the library's default: as published
        assertThat(LossOptions.defaults().featureGradScale()).isEqualTo(1f);
        assertThat(((SupervisedContrastiveLoss) Arm.FESS.loss(options).getContrastive()).isBounded())
                .isEqualTo(bounded);
        assertThat(((NtXentLoss) Arm.SIMCLR.loss(options).getContrastive()).isBounded())
                .isEqualTo(bounded);
        assertThat(((InfoNceLoss) Arm.INFONCE.loss(options).getContrastive()).isBounded())
                .isEqualTo(bounded);
    }

    @Test
    void refusesAScaleOutsideZeroOne() {
        assertThatThrownBy(() -> NtXentLoss.builder().optFeatureGradScale(1.5f).build())
                .hasMessageContaining("featureGradScale");
        assertThatThrownBy(
                        () -> InfoNceLoss.builder().optFeatureGradScale(-0.1f).build())
                .hasMessageContaining("featureGradScale");
    }
}
