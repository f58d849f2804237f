package dev.fess.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fess.gradcheck.GradientCheck;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** nnU-Net-style deep supervision: weights, target down-sampling, the weighted sum and its gradient. */
class DeepSupervisionTest {
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
    void weightsHalvePerLevelAndSumToOne() {
        assertThat(DeepSupervision.weights(1)).containsExactly(1f);
        assertThat(DeepSupervision.weights(3)).containsExactly(4f / 7, 2f / 7, 1f / 7);
        float[] w = DeepSupervision.weights(5);
        assertThat(w[0] / w[4]).isCloseTo(16f, within(1e-5f));
        assertThat(w[0] + w[1] + w[2] + w[3] + w[4]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void binaryTargetsAreMaxPooled() {
        // 1 × 2 × 4 × 4 × 4; channel 0 has one voxel at (d, h, w) = (1, 2, 3), channel 1 one at (3, 0, 0)
        float[] t = new float[2 * 64];
        t[(1 * 4 + 2) * 4 + 3] = 1;
        t[64 + (3 * 4 + 0) * 4 + 0] = 1;
        NDArray target = manager.create(t, new Shape(1, 2, 4, 4, 4));
        float[] half = DeepSupervision.downsample(target, true, 2).toFloatArray();
        assertThat(half).hasSize(2 * 8);
        float[] expected = new float[16];
        expected[(0 * 2 + 1) * 2 + 1] = 1; // (1,2,3) / 2 = (0,1,1)
        expected[8 + (1 * 2 + 0) * 2 + 0] = 1; // (3,0,0) / 2 = (1,0,0)
        assertThat(half).containsExactly(expected);
        assertThat(DeepSupervision.downsample(target, true, 4).toFloatArray()).containsExactly(1f, 1f);
    }

    @Test
    void classMapsTakeTheFirstVoxelOfEachBlock() {
        // 1 × 4 × 4 × 4 class map whose value is its flat index: the coarse voxel (k, j, i) holds (2k, 2j, 2i)
        float[] m = new float[64];
        for (int v = 0; v < 64; v++) {
            m[v] = v;
        }
        NDArray map = manager.create(m, new Shape(1, 4, 4, 4));
        float[] half = DeepSupervision.downsample(map, false, 2).toFloatArray();
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    assertThat(half[(k * 2 + j) * 2 + i]).isEqualTo((2 * k * 4 + 2 * j) * 4 + 2 * i);
                }
            }
        }
        NDArray withChannel = manager.create(m, new Shape(1, 1, 4, 4, 4));
        assertThat(DeepSupervision.downsample(withChannel, false, 2).getShape()).isEqualTo(new Shape(1, 1, 2, 2, 2));
    }

    @Test
    void theLossIsTheWeightedSumOfEachLevelsDice() {
        DiceLoss dice = DiceLoss.builder()
                .optActivation(DiceLoss.Activation.SOFTMAX)
                .optIncludeBackground(false)
                .build();
        SplittableRandom r = new SplittableRandom(5);
        float[] labels = new float[2 * 512];
        for (int v = 0; v < labels.length; v++) {
            labels[v] = r.nextInt(3);
        }
        NDArray map = manager.create(labels, new Shape(2, 8, 8, 8));
        NDArray l0 = manager.randomNormal(new Shape(2, 3, 8, 8, 8));
        NDArray l1 = manager.randomNormal(new Shape(2, 3, 4, 4, 4));
        NDArray l2 = manager.randomNormal(new Shape(2, 3, 2, 2, 2));
        float[] c1 = new float[2 * 64];
        float[] c2 = new float[2 * 8];
        for (int b = 0; b < 2; b++) {
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < 4; j++) {
                    for (int i = 0; i < 4; i++) {
                        c1[b * 64 + (k * 4 + j) * 4 + i] = labels[b * 512 + (2 * k * 8 + 2 * j) * 8 + 2 * i];
                        if (k < 2 && j < 2 && i < 2) {
                            c2[b * 8 + (k * 2 + j) * 2 + i] = labels[b * 512 + (4 * k * 8 + 4 * j) * 8 + 4 * i];
                        }
                    }
                }
            }
        }
        double expected = 4.0 / 7 * dice.compute(l0, map).getFloat()
                + 2.0
                        / 7
                        * dice.compute(l1, manager.create(c1, new Shape(2, 4, 4, 4)))
                                .getFloat()
                + 1.0
                        / 7
                        * dice.compute(l2, manager.create(c2, new Shape(2, 2, 2, 2)))
                                .getFloat();
        float got = DeepSupervision.loss(dice, map, false, List.of(l0, l1, l2)).getFloat();
        assertThat((double) got).isCloseTo(expected, within(1e-6));
    }

    @Test
    void gradientOfACoarseOutputMatchesFiniteDifferences() {
        DiceLoss dice = DiceLoss.builder()
                .optActivation(DiceLoss.Activation.SIGMOID)
                .optBatch(true)
                .build();
        SplittableRandom r = new SplittableRandom(9);
        float[] t = new float[2 * 2 * 64];
        for (int v = 0; v < t.length; v++) {
            t[v] = r.nextDouble() < 0.2 ? 1 : 0;
        }
        NDArray target = manager.create(t, new Shape(2, 2, 4, 4, 4)).toType(DataType.FLOAT64, false);
        NDArray l0 = manager.create(GradientCheck.gaussian(1, 2 * 2 * 64, 1.0), new Shape(2, 2, 4, 4, 4));
        Shape coarse = new Shape(2, 2, 2, 2, 2);
        GradientCheck.Result res = GradientCheck.check(
                manager,
                GradientCheck.gaussian(2, (int) coarse.size(), 1.0),
                coarse,
                x -> DeepSupervision.loss(dice, target, true, List.of(l0, x)),
                null);
        assertThat(res.maxAbsAnalytic()).isGreaterThan(1e-4);
        assertThat(res.relativeError()).isLessThan(1e-4);
    }
}
