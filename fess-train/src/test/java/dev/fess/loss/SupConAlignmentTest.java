package dev.fess.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sampled voxel embeddings and the labels SupCon pairs them with are the same voxels: checked on a non-cubic,
 * asymmetric batch (B = 2, label map 6 × 4 × 15, embedding grid 3 × 4 × 5, strides 2, 1, 3) whose labels differ
 * between the block centre and the rest of each block, so any transposed axis, wrong block offset, wrong batch
 * index or mis-gathered row would pair an embedding with another voxel's label.
 */
class SupConAlignmentTest {
    private static final int B = 2;
    private static final int[] FULL = {6, 4, 15};
    private static final int[] GRID = {3, 4, 5};
    private static final int[] STRIDE = {2, 1, 3};

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** An asymmetric label map: block centres get a class from an irregular rule, other voxels a random one. */
    private static int[] labelMap(int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] full = new int[B * FULL[0] * FULL[1] * FULL[2]];
        for (int b = 0; b < B; b++) {
            for (int z = 0; z < FULL[0]; z++) {
                for (int y = 0; y < FULL[1]; y++) {
                    for (int x = 0; x < FULL[2]; x++) {
                        int i = ((b * FULL[0] + z) * FULL[1] + y) * FULL[2] + x;
                        boolean centre = z % STRIDE[0] == STRIDE[0] / 2
                                && y % STRIDE[1] == STRIDE[1] / 2
                                && x % STRIDE[2] == STRIDE[2] / 2;
                        full[i] = centre
                                ? Math.floorMod(3 * x + 2 * y + z * z + 5 * b + x * y, classes)
                                : r.nextInt(classes);
                    }
                }
            }
        }
        return full;
    }

    private static int centreLabel(int[] full, int b, int z, int y, int x) {
        int fz = z * STRIDE[0] + STRIDE[0] / 2;
        int fy = y * STRIDE[1] + STRIDE[1] / 2;
        int fx = x * STRIDE[2] + STRIDE[2] / 2;
        return full[((b * FULL[0] + fz) * FULL[1] + fy) * FULL[2] + fx];
    }

    /**
     * Embeddings that are the one-hot vector of their voxel's class: with correct pairing every positive has
     * similarity 1 and every negative 0, so SupCon equals the closed form below; a misaligned pair lowers a positive
     * or raises a negative similarity and changes the value.
     */
    @ParameterizedTest(name = "projector {0}")
    @ValueSource(booleans = {false, true})
    void oneHotEmbeddingsOfTheTrueClassGiveTheClosedForm(boolean projector) {
        int classes = 3;
        int[] full = labelMap(classes, 11);
        int n = GRID[0] * GRID[1] * GRID[2];
        float[] emb = new float[B * classes * n];
        int[] count = new int[classes];
        for (int b = 0; b < B; b++) {
            for (int z = 0; z < GRID[0]; z++) {
                for (int y = 0; y < GRID[1]; y++) {
                    for (int x = 0; x < GRID[2]; x++) {
                        int c = centreLabel(full, b, z, y, x);
                        count[c]++;
                        int v = (z * GRID[1] + y) * GRID[2] + x;
                        emb[(b * classes + c) * n + v] = 1f;
                    }
                }
            }
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray embeddings = m.create(emb, new Shape(B, classes, GRID[0], GRID[1], GRID[2]));
            NDArray labels = m.create(full, new Shape(B, FULL[0], FULL[1], FULL[2]));
            SupervisedContrastiveLoss.Builder builder =
                    SupervisedContrastiveLoss.builder().optSamplesPerClass(1000).optTemperature(0.5f);
            if (projector) {
                builder.optProjector(rows -> rows.mul(1f)); // the voxelHeadOnSamples path, identity head
            }
            double value = builder.build()
                    .compute(embeddings, labels, null)
                    .toType(DataType.FLOAT64, false)
                    .getDouble();
            // anchor of class c: −log( e^{1/τ} / ((n_c − 1) e^{1/τ} + (N − n_c) e^0) ), mean over all anchors
            double total = 0;
            int all = B * n;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(1 / 0.5);
                total += count[c] * -Math.log(e / ((count[c] - 1) * e + (all - count[c])));
            }
            assertThat(value).isCloseTo(total / all, within(1e-5));
        }
    }

    /**
     * Embeddings that encode their own position (b, z, y, x): the rows SupCon gathers are decoded back to voxels,
     * and each must carry the class of its block (rows come grouped by class) and, with hard sampling, the first
     * ⌈f·k⌉ rows of a class must be voxels the prediction gets wrong at that very voxel.
     */
    @ParameterizedTest(name = "hard fraction {0}")
    @ValueSource(floats = {0f, 0.5f, 1f})
    void gatheredRowsAreTheSampledVoxelsWithTheirOwnLabelAndPrediction(float hardFraction) {
        int classes = 2;
        int[] full = labelMap(classes, 5);
        int[] predictedFull = full.clone();
        // an asymmetric set of wrong predictions at block centres (and noise elsewhere, which must not count)
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < predictedFull.length; i++) {
            if (r.nextInt(4) == 0) {
                predictedFull[i] = 1 - predictedFull[i];
            }
        }
        int n = GRID[0] * GRID[1] * GRID[2];
        float[] emb = new float[B * 4 * n];
        for (int b = 0; b < B; b++) {
            for (int v = 0; v < n; v++) {
                int z = v / (GRID[1] * GRID[2]);
                int y = v / GRID[2] % GRID[1];
                int x = v % GRID[2];
                emb[(b * 4) * n + v] = b;
                emb[(b * 4 + 1) * n + v] = z;
                emb[(b * 4 + 2) * n + v] = y;
                emb[(b * 4 + 3) * n + v] = x;
            }
        }
        int k = 12;
        List<float[]> captured = new ArrayList<>();
        try (NDManager m = manager.newSubManager()) {
            NDArray embeddings = m.create(emb, new Shape(B, 4, GRID[0], GRID[1], GRID[2]));
            NDArray labels = m.create(full, new Shape(B, 1, FULL[0], FULL[1], FULL[2]));
            NDArray predicted = m.create(predictedFull, new Shape(B, 1, FULL[0], FULL[1], FULL[2]));
            SupervisedContrastiveLoss loss = SupervisedContrastiveLoss.builder()
                    .optSamplesPerClass(k)
                    .optHardFraction(hardFraction)
                    .optSeed(3)
                    .optProjector(rows -> {
                        captured.add(rows.toFloatArray());
                        return rows.add(1f); // keep rows non-zero for the normalisation
                    })
                    .build();
            loss.compute(embeddings, labels, predicted);
        }
        float[] rows = captured.get(0);
        int[] available = new int[classes];
        int[] hardAvailable = new int[classes];
        for (int b = 0; b < B; b++) {
            for (int v = 0; v < n; v++) {
                int z = v / (GRID[1] * GRID[2]);
                int y = v / GRID[2] % GRID[1];
                int x = v % GRID[2];
                int c = centreLabel(full, b, z, y, x);
                available[c]++;
                if (centreLabel(predictedFull, b, z, y, x) != c) {
                    hardAvailable[c]++;
                }
            }
        }
        int row = 0;
        for (int c = 0; c < classes; c++) {
            int want = Math.min(k, available[c]);
            int hardWanted = Math.min(hardAvailable[c], (int) Math.ceil(hardFraction * want));
            for (int i = 0; i < want; i++, row++) {
                int b = Math.round(rows[row * 4]);
                int z = Math.round(rows[row * 4 + 1]);
                int y = Math.round(rows[row * 4 + 2]);
                int x = Math.round(rows[row * 4 + 3]);
                assertThat(centreLabel(full, b, z, y, x))
                        .as("class of gathered row %d", row)
                        .isEqualTo(c);
                boolean wrong = centreLabel(predictedFull, b, z, y, x) != c;
                if (hardFraction > 0) {
                    assertThat(wrong)
                            .as("row %d of class %d is a hard sample", i, c)
                            .isEqualTo(i < hardWanted);
                }
            }
        }
        assertThat(row * 4).isEqualTo(rows.length);
    }
}
