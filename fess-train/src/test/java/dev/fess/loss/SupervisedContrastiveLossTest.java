package dev.fess.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fess.gradcheck.GradientCheck;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sampling, degenerate batches and the memory bound of the FESS contrastive term. */
class SupervisedContrastiveLossTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static double[] gradient(
            SupervisedContrastiveLoss loss, NDArray embeddings, NDArray labels, double[] value) {
        embeddings.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.compute(embeddings, labels, null);
            value[0] = l.toType(DataType.FLOAT64, false).getDouble();
            gc.backward(l);
        }
        return embeddings.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    @Test
    void oneClassGivesZeroAndZeroGradientNeverNaN() {
        try (NDManager m = manager.newSubManager()) {
            SupervisedContrastiveLoss loss =
                    SupervisedContrastiveLoss.builder().optSamplesPerClass(8).build();
            NDArray e = m.randomNormal(new Shape(2, 8, 4, 4, 4));
            NDArray labels = m.ones(new Shape(2, 8, 8, 8), DataType.INT32).mul(3);
            double[] value = new double[1];
            double[] g = gradient(loss, e, labels, value);
            assertThat(value[0]).isEqualTo(0.0);
            for (double v : g) {
                assertThat(v).isEqualTo(0.0);
            }
            assertThat(loss.getLastSimilarityShape()).isNull();
        }
    }

    @Test
    void randomInputsGiveFiniteNonZeroGradient() {
        try (NDManager m = manager.newSubManager()) {
            SupervisedContrastiveLoss loss =
                    SupervisedContrastiveLoss.builder().optSamplesPerClass(16).build();
            NDArray e = m.randomNormal(new Shape(2, 8, 4, 4, 4));
            NDArray labels = m.randomInteger(0, 3, new Shape(2, 4, 4, 4), DataType.INT32);
            double[] value = new double[1];
            double[] g = gradient(loss, e, labels, value);
            assertThat(value[0]).isFinite().isGreaterThan(0);
            double norm = 0;
            for (double v : g) {
                assertThat(v).isFinite();
                norm += v * v;
            }
            assertThat(norm).isGreaterThan(1e-8);
        }
    }

    @Test
    void downsamplingPicksBlockCentres() {
        // 1 × 4 × 4 × 6 label map, grid 2 × 2 × 2: strides 2, 2, 3, centres at offsets 1, 1, 1.
        int[] full = new int[4 * 4 * 6];
        for (int z = 0; z < 4; z++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 6; x++) {
                    full[(z * 4 + y) * 6 + x] = 100 * z + 10 * y + x;
                }
            }
        }
        int[] grid = SupervisedContrastiveLoss.downsample(
                manager.create(full, new Shape(1, 4, 4, 6)),
                new Shape(1, 5, 2, 2, 2),
                new int[] {2, 2, 2},
                "label map");
        assertThat(grid).containsExactly(111, 114, 131, 134, 311, 314, 331, 334);
        assertThatThrownBy(() -> SupervisedContrastiveLoss.downsample(
                        manager.create(full, new Shape(1, 4, 4, 6)),
                        new Shape(1, 5, 3, 2, 2),
                        new int[] {3, 2, 2},
                        "label map"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("integer multiple of the embedding grid 3×2×2");
    }

    @Test
    void samplingIsClassBalancedWithoutReplacementAndHonoursHardFraction() {
        int[] labels = new int[1000];
        int[] predicted = new int[1000];
        Random r = new Random(1);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 20 ? 2 : i < 300 ? 1 : 0; // class 2 is rare
            predicted[i] = r.nextInt(10) == 0 ? (labels[i] + 1) % 3 : labels[i]; // about 10 % wrong
        }
        int[] chosen = SupervisedContrastiveLoss.sample(labels, predicted, 64, 0.5f, new SplittableRandom(3));
        int[] perClass = new int[3];
        int[] hard = new int[3];
        int[] hardAvailable = new int[3];
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] != labels[i]) {
                hardAvailable[labels[i]]++;
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (int p : chosen) {
            assertThat(seen.add(p)).isTrue();
            perClass[labels[p]]++;
            if (predicted[p] != labels[p]) {
                hard[labels[p]]++;
            }
        }
        assertThat(perClass).containsExactly(64, 64, 20);
        for (int c = 0; c < 3; c++) {
            int want = Math.min(hardAvailable[c], (int) Math.ceil(0.5 * perClass[c]));
            assertThat(hard[c]).as("hard samples of class %d", c).isEqualTo(want);
        }
        // seeded: same seed, same sample; different seed, different sample
        assertThat(SupervisedContrastiveLoss.sample(labels, predicted, 64, 0.5f, new SplittableRandom(3)))
                .containsExactly(chosen);
        assertThat(SupervisedContrastiveLoss.sample(labels, predicted, 64, 0.5f, new SplittableRandom(4)))
                .isNotEqualTo(chosen);
    }

    @Test
    void samplerStateRestoresTheSameDraw() {
        try (NDManager m = manager.newSubManager()) {
            SupervisedContrastiveLoss loss = SupervisedContrastiveLoss.builder()
                    .optSamplesPerClass(4)
                    .optSeed(7)
                    .build();
            NDArray e = m.randomNormal(new Shape(1, 4, 4, 4, 4));
            NDArray labels = m.randomInteger(0, 2, new Shape(1, 4, 4, 4), DataType.INT32);
            long[] state = loss.getSamplerState();
            float first = loss.compute(e, labels, null).getFloat();
            float second = loss.compute(e, labels, null).getFloat();
            assertThat(loss.getSamplerState()[1]).isEqualTo(state[1] + 2);
            assertThat(second).isNotEqualTo(first); // each call advances the sampler
            loss.setSamplerState(state);
            assertThat(loss.compute(e, labels, null).getFloat()).isEqualTo(first);
            loss.reseed(7);
            assertThat(loss.compute(e, labels, null).getFloat()).isEqualTo(first);
        }
    }

    @Test
    void allSampledWhenKCoversTheVolumeEqualsTheCore() {
        try (NDManager m = manager.newSubManager()) {
            double[] values = GradientCheck.gaussian(5, 3 * 8, 1.0);
            NDArray e = m.create(values, new Shape(1, 3, 2, 2, 2));
            int[] lab = {0, 1, 1, 0, 2, 2, 1, 0};
            NDArray labels = m.create(lab, new Shape(1, 2, 2, 2));
            SupervisedContrastiveLoss loss =
                    SupervisedContrastiveLoss.builder().optSamplesPerClass(100).build();
            double sampled = loss.compute(e, labels, null).getDouble();
            // rows in voxel order: row v = e[0, :, v]
            double[][] rows = new double[8][3];
            for (int v = 0; v < 8; v++) {
                for (int c = 0; c < 3; c++) {
                    rows[v][c] = values[c * 8 + v];
                }
            }
            double core =
                    SupervisedContrastiveLoss.supCon(m.create(rows), lab, 0.5f).getDouble();
            assertThat(sampled).isCloseTo(core, within(1e-12));
            assertThat(loss.getLastSimilarityShape()).isEqualTo(new Shape(8, 8));
        }
    }

    /**
     * 2 × 64 × 64³ float32 embeddings (128 MiB; the 128³ volume of the brief would need 1 GiB on a machine shared by
     * several engineers) with a 2 × 128³ label map of 3 classes: only the (K·classes)² similarity matrix is formed,
     * and only the sampled voxels receive a gradient.
     */
    @Test
    void memoryIsBoundedBySampleNotVolume() {
        try (NDManager m = manager.newSubManager()) {
            int k = 256;
            NDArray e = m.randomNormal(new Shape(2, 64, 64, 64, 64));
            NDArray z = m.arange(128).reshape(1, 128, 1, 1);
            NDArray labels = z.div(50)
                    .toType(DataType.INT32, false)
                    .broadcast(new Shape(2, 128, 128, 128)); // classes 0, 1, 2 by slab
            SupervisedContrastiveLoss loss =
                    SupervisedContrastiveLoss.builder().optSamplesPerClass(k).build();
            e.setRequiresGradient(true);
            float value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.compute(e, labels, null);
                value = l.getFloat();
                gc.backward(l);
            }
            assertThat(value).isFinite().isGreaterThan(0f);
            assertThat(loss.getLastSimilarityShape()).isEqualTo(new Shape(3 * k, 3 * k));
            long touched = e.getGradient().neq(0).sum().getLong();
            assertThat(touched).isEqualTo(3L * k * 64);
        }
    }
}
