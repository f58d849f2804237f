package dev.fess.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fess.gradcheck.GradientCheck;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bounded SupCon of {@code fess-bounded} and the feature-gradient scale: reference values from an independent
 * float64 numpy implementation ({@code src/test/resources/reference/supcon_bounded.py}, whose plain values also
 * reproduce ReferenceValuesTest's 0.824497 and 0.511053), central-difference gradients, and the exact relations to
 * the plain form.
 */
class BoundedSupConTest {

    /** numpy {@code default_rng(7).normal(size=(12, 5))}, printed by supcon_bounded.py. */
    private static final double[] ROWS_12 = {
        0.0012301533574825742,
        0.2987455375084699,
        -0.2741378553622176,
        -0.8905918387572742,
        -0.45467078517172255,
        -0.9916465549964624,
        0.060143602597438485,
        1.3402152455545335,
        -0.49220651855132963,
        -0.6204748998199404,
        0.4898420501851982,
        0.35688700816006075,
        0.10541424899789856,
        -0.9304680447082047,
        -0.02925182246327349,
        0.6953031944582878,
        -1.344214547285082,
        -0.45761576104021817,
        -1.901222739800844,
        -1.289537739784976,
        -1.8417350377917323,
        -0.23509113107468127,
        -1.2674464814437032,
        0.2712643588217015,
        0.15675108662422516,
        -0.18693094462995438,
        -2.516759710820513,
        -0.5386928958466366,
        -0.048500945401071985,
        0.11330898600330756,
        -1.5301357655053935,
        -0.47775327603393064,
        -0.9785190780566395,
        -0.8088372394255993,
        1.0608986233860787,
        -0.8075346753318965,
        -0.0325217049455206,
        0.8843898673831739,
        -0.583600432743302,
        -0.11170194958415963,
        0.11046414324948059,
        0.06378177425506196,
        -1.2250558264176934,
        0.0761402303770081,
        1.3588234217415376,
        -1.5471446781284823,
        0.8593826880215982,
        0.11935402569658124,
        -0.6414703941072214,
        2.000416546342423,
        0.7622597120847118,
        -1.1992889021052233,
        0.07451622877146342,
        0.5766895836701853,
        -0.1887821253507493,
        0.682910267195206,
        -0.06651732014941557,
        0.6672475608343279,
        1.438522591656152,
        -0.6756622510056528
    };

    private static final int[] LABELS_12 = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};

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
    void referenceValuesFromNumpy() {
        NDArray six = manager.create(ReferenceValuesTest.EMBEDDINGS);
        assertThat(SupervisedContrastiveLoss.supConBounded(six, ReferenceValuesTest.LABELS, 0.5f)
                        .getDouble())
                .isCloseTo(0.253883, within(1e-6));
        assertThat(SupervisedContrastiveLoss.supConBounded(six, ReferenceValuesTest.LABELS, 0.1f)
                        .getDouble())
                .isCloseTo(0.059129, within(1e-6));
        NDArray twelve = manager.create(ROWS_12, new Shape(12, 5));
        assertThat(SupervisedContrastiveLoss.supCon(twelve, LABELS_12, 0.5f).getDouble())
                .isCloseTo(2.366664, within(1e-6));
        assertThat(SupervisedContrastiveLoss.supConBounded(twelve, LABELS_12, 0.5f)
                        .getDouble())
                .isCloseTo(0.528819, within(1e-6));
        // float32, as in training
        assertThat(SupervisedContrastiveLoss.supConBounded(twelve.toType(DataType.FLOAT32, false), LABELS_12, 0.5f)
                        .getFloat())
                .isCloseTo(0.528819f, within(1e-5f));
    }

    @Test
    void reachesItsLowerBoundZero() {
        // one-hot rows per class at a low temperature: every positive equally likely, negatives vanish
        double[] oneHot = new double[12 * 3];
        for (int i = 0; i < 12; i++) {
            oneHot[i * 3 + LABELS_12[i]] = 1;
        }
        double v = SupervisedContrastiveLoss.supConBounded(manager.create(oneHot, new Shape(12, 3)), LABELS_12, 0.05f)
                .getDouble();
        assertThat(v).isCloseTo(0.0, within(1e-8)); // negatives keep e^(−1/τ) = e^(−20) of the mass
        // all rows equal: every candidate equally likely, (log(N−1) − log|P|)/log(N−1)
        double[] same = new double[12 * 3];
        Arrays.fill(same, 1.0);
        assertThat(SupervisedContrastiveLoss.supConBounded(manager.create(same, new Shape(12, 3)), LABELS_12, 0.5f)
                        .getDouble())
                .isCloseTo(1 - Math.log(3) / Math.log(11), within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void gradientIsThePlainOneOverLogOfCandidatesAndMatchesCentralDifferences(long seed) {
        Random r = new Random(seed);
        int[] labels = new int[12];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(3);
        }
        labels[0] = 5; // a singleton: never an anchor, still a candidate
        for (float tau : new float[] {0.5f, 0.1f}) {
            GradientCheck.Result bounded = GradientCheck.check(
                    manager,
                    GradientCheck.gaussian(seed, 48, 1.0),
                    new Shape(12, 4),
                    z -> SupervisedContrastiveLoss.supConBounded(z, labels, tau),
                    null);
            assertThat(bounded.relativeError()).isLessThan(1e-4);
            assertThat(bounded.maxAbsAnalytic()).isGreaterThan(1e-5);
            GradientCheck.Result plain = GradientCheck.check(
                    manager,
                    GradientCheck.gaussian(seed, 48, 1.0),
                    new Shape(12, 4),
                    z -> SupervisedContrastiveLoss.supCon(z, labels, tau),
                    null);
            for (int i = 0; i < plain.analytic().length; i++) {
                assertThat(bounded.analytic()[i]).isCloseTo(plain.analytic()[i] / Math.log(11), within(1e-12));
            }
        }
    }

    @Test
    void boundedThroughSamplingAndGatherMatchesCentralDifferences() {
        SupervisedContrastiveLoss loss = SupervisedContrastiveLoss.builder()
                .optSamplesPerClass(3)
                .optSeed(5)
                .optBounded(true)
                .build();
        assertThat(loss.isBounded()).isTrue();
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
                    loss.setSamplerState(state);
                    return loss.compute(e, labelMap, null);
                },
                null);
        assertThat(res.relativeError()).isLessThan(1e-4);
        assertThat(res.maxAbsAnalytic()).isGreaterThan(1e-5);
    }

    /** Gradient of the loss at the embeddings and at a projector weight, for one feature-gradient scale. */
    private static double[][] gradients(float scale, double[] value) {
        try (NDManager m = manager.newSubManager()) {
            NDArray e = m.create(GradientCheck.gaussian(4, 2 * 3 * 8, 1.0), new Shape(2, 3, 2, 2, 2));
            NDArray w = m.create(GradientCheck.gaussian(5, 9, 1.0), new Shape(3, 3));
            Random r = new Random(2);
            int[] labels = new int[2 * 8];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = r.nextInt(2);
            }
            NDArray labelMap = m.create(labels, new Shape(2, 2, 2, 2));
            SupervisedContrastiveLoss loss = SupervisedContrastiveLoss.builder()
                    .optSamplesPerClass(100)
                    .optFeatureGradScale(scale)
                    .optProjector(rows -> rows.matMul(w))
                    .build();
            e.setRequiresGradient(true);
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.compute(e, labelMap, null);
                value[0] = l.getDouble();
                gc.backward(l);
            }
            return new double[][] {
                e.getGradient().toType(DataType.FLOAT64, false).toDoubleArray(),
                w.getGradient().toType(DataType.FLOAT64, false).toDoubleArray()
            };
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, 0.1f, 0.5f})
    void featureGradScaleScalesOnlyTheGradientIntoTheFeatures(float scale) {
        double[] one = new double[1];
        double[] scaled = new double[1];
        double[][] g1 = gradients(1f, one);
        double[][] gs = gradients(scale, scaled);
        assertThat(scaled[0]).isCloseTo(one[0], within(1e-12)); // same value
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
}
