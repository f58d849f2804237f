package dev.fess.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.augment.AugmentationConfig;
import dev.fess.augment.Augmenter;
import dev.fess.preprocess.CachedCase;
import dev.fess.sampling.Batch;
import dev.fess.sampling.BatchGenerator;
import dev.fess.sampling.BatchLoader;
import dev.fess.sampling.PatchSampler;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Prefetching changes only when batches are made, never which batches come out. */
class PrefetchingBatchSourceTest {
    private static final long SEED = 17;
    private static final int ITERATIONS = 3;

    private static BatchGenerator generator() {
        int[] shape = {12, 14, 10};
        int n = shape[0] * shape[1] * shape[2];
        SplittableRandom r = new SplittableRandom(5);
        float[] image = new float[n];
        byte[] classes = new byte[n];
        for (int i = 0; i < n; i++) {
            image[i] = (float) r.nextGaussian();
            classes[i] = (byte) (image[i] > 1 ? 1 : 0);
        }
        CachedCase c = CachedCase.inMemory("a", 1, shape, image, classes, 2);
        Augmenter aug = new Augmenter(AugmentationConfig.defaults(), new double[] {1, 1, 1});
        return new BatchGenerator(List.of(c), new PatchSampler(8, 8, 8), aug, 2, false);
    }

    private static Batch direct(BatchGenerator g, int epoch, int iteration) {
        return g.generate(new SplittableRandom(BatchLoader.batchSeed(SEED, epoch, iteration)));
    }

    @Test
    void givesTheSynchronousBatchesInOrderAndAfterAJump() {
        BatchGenerator g = generator();
        int[][] positions = {{1, 0}, {1, 1}, {1, 2}, {2, 0}, {2, 1}, {4, 2}, {5, 0}, {1, 0}};
        try (PrefetchingBatchSource source = new PrefetchingBatchSource(g, SEED, ITERATIONS, 2, 3)) {
            for (int[] p : positions) {
                TrainingBatch got = source.batch(p[0], p[1]);
                Batch want = direct(g, p[0], p[1]);
                assertThat(got.images()).as("images of (%d, %d)", p[0], p[1]).containsExactly(want.images());
                assertThat(got.classes()).as("classes of (%d, %d)", p[0], p[1]).containsExactly(want.classes());
            }
            assertThat(source.waitNanos()).isPositive();
        }
    }
}
