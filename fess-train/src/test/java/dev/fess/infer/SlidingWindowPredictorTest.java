package dev.fess.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlidingWindowPredictorTest {

    @Test
    void windowStartsCoverTheAxisEvenly() {
        assertThat(SlidingWindowPredictor.windowStarts(100, 64, 0.5)).containsExactly(0, 18, 36);
        assertThat(SlidingWindowPredictor.windowStarts(64, 64, 0.5)).containsExactly(0);
        assertThat(SlidingWindowPredictor.windowStarts(65, 64, 0.5)).containsExactly(0, 1);
        assertThat(SlidingWindowPredictor.windowStarts(128, 64, 0.5)).containsExactly(0, 32, 64);
        assertThat(SlidingWindowPredictor.windowStarts(128, 64, 0.0)).containsExactly(0, 64);
    }

    @Test
    void gaussianPeaksAtTheCentreWithSigmaAnEighthOfThePatch() {
        int[] p = {8, 16, 16};
        float[] w = GaussianImportance.map(p);
        // centre (4, 8, 8) is 1; one step in z (σ_z = 1): exp(−1/2); two steps in x (σ_x = 2): exp(−4/8)
        assertThat(w[(4 * 16 + 8) * 16 + 8]).isEqualTo(1f);
        assertThat(w[(5 * 16 + 8) * 16 + 8]).isCloseTo((float) Math.exp(-0.5), within(1e-6f));
        assertThat(w[(4 * 16 + 8) * 16 + 10]).isCloseTo((float) Math.exp(-0.5), within(1e-6f));
        for (float v : w) {
            assertThat(v).isPositive().isLessThanOrEqualTo(1f);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new int[] {20, 23, 17}, new int[] {8, 8, 8}, 0.5, false, 1, 1L),
                Arguments.of(new int[] {13, 9, 30}, new int[] {8, 16, 8}, 0.25, true, 3, 2L),
                Arguments.of(new int[] {5, 6, 7}, new int[] {8, 8, 8}, 0.5, false, 2, 3L),
                Arguments.of(new int[] {16, 16, 16}, new int[] {16, 16, 16}, 0.5, true, 1, 4L));
    }

    /** A network that returns its input unchanged must give the input back, whatever the windows and flips. */
    @ParameterizedTest
    @MethodSource("cases")
    void identityNetworkReproducesTheVolume(
            int[] shape, int[] patch, double overlap, boolean mirror, int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int channels = 2;
        float[] image = new float[channels * shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) r.nextDouble(-3, 3);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Block identity = new LambdaBlock(list -> new NDList(list.get(0).mul(1f)));
            identity.initialize(manager, DataType.FLOAT32, new Shape(1, channels, patch[0], patch[1], patch[2]));
            SlidingWindowPredictor p = SlidingWindowPredictor.builder()
                    .block(identity)
                    .patch(patch)
                    .overlap(overlap)
                    .mirror(mirror)
                    .windowBatch(batch)
                    .build();
            int[] calls = {0};
            float[] out = p.predict(manager, image, channels, shape, n -> calls[0] = n);
            assertThat(calls[0]).isEqualTo(p.windowCount(shape));
            assertThat(out).hasSameSizeAs(image);
            for (int i = 0; i < image.length; i++) {
                assertThat(out[i]).isCloseTo(image[i], within(1e-4f));
            }
        }
    }

    /** Each window outputs a constant equal to its start z; the result must be the Gaussian-weighted average. */
    @Test
    void overlappingWindowsAreGaussianWeighted() {
        int[] shape = {12, 8, 8};
        int[] patch = {8, 8, 8};
        try (NDManager manager = NDManager.newBaseManager()) {
            // input channel 0 holds z; the block outputs, per window, the window's minimum z everywhere.
            Block block = new LambdaBlock(list -> {
                var x = list.get(0);
                var min = x.reshape(x.getShape().get(0), -1)
                        .min(new int[] {1}, true)
                        .reshape(-1, 1, 1, 1, 1);
                return new NDList(x.zerosLike().add(min));
            });
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8, 8));
            float[] image = new float[12 * 8 * 8];
            for (int z = 0; z < 12; z++) {
                for (int i = 0; i < 64; i++) {
                    image[z * 64 + i] = z;
                }
            }
            float[] out = SlidingWindowPredictor.builder()
                    .block(block)
                    .patch(patch)
                    .overlap(0.5)
                    .build()
                    .predict(manager, image, 1, shape, null);
            // windows start at z = 0 and 4; at z = 6 the weights are g(6) for the first and g(2) for the second
            double s = 1.0; // σ_z = 8/8
            double w0 = Math.exp(-(6 - 4) * (6 - 4) / (2 * s * s));
            double w1 = Math.exp(-(2 - 4) * (2 - 4) / (2 * s * s));
            double expected = (0 * w0 + 4 * w1) / (w0 + w1);
            assertThat(out[6 * 64 + 3 * 8 + 3]).isCloseTo((float) expected, within(1e-5f));
            // z = 5: offsets 5 and 1 → weights exp(−1/2) and exp(−9/2)
            double a = Math.exp(-0.5), b = Math.exp(-4.5);
            assertThat(out[5 * 64]).isCloseTo((float) ((0 * a + 4 * b) / (a + b)), within(1e-5f));
            assertThat(out[0]).isEqualTo(0f);
            assertThat(out[11 * 64]).isEqualTo(4f);
        }
    }
}
