package dev.fess.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.augment.AugmentationConfig;
import dev.fess.augment.Augmenter;
import dev.fess.preprocess.CachedCase;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Common random numbers across arms: the first view of a two-view batch (SimCLR, InfoNCE) is exactly the batch a
 * single-view arm (Dice, FESS) gets from the same seed — same cases, patches, spatial and intensity augmentation —
 * so a run of each arm with one seed trains its Dice term on the same patches, and the second view is a different
 * augmentation of those patches.
 */
class BatchGeneratorTest {
    private static BatchGenerator generator(boolean twoView, int batch) {
        List<CachedCase> cases = List.of(
                SyntheticCases.blobs("a", new int[] {20, 24, 22}, 1),
                SyntheticCases.blobs("b", new int[] {18, 26, 20}, 2),
                SyntheticCases.blobs("c", new int[] {22, 20, 24}, 3));
        return new BatchGenerator(
                cases,
                new PatchSampler(12, 12, 12),
                new Augmenter(AugmentationConfig.defaults().withElastic(0.3), new double[] {1, 1, 1}),
                batch,
                twoView);
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 2, 4})
    void theFirstViewIsTheSingleViewBatchOfTheSameSeed(int batch) {
        for (long seed = 1; seed <= 5; seed++) {
            Batch single = generator(false, batch).generate(new SplittableRandom(seed));
            Batch two = generator(true, batch).generate(new SplittableRandom(seed));
            assertThat(two.caseIds()).isEqualTo(single.caseIds());
            assertThat(two.images()).as("seed %d", seed).containsExactly(single.images());
            assertThat(two.classes()).containsExactly(single.classes());
            assertThat(two.images2()).isNotNull().hasSameSizeAs(two.images());
            assertThat(two.images2())
                    .as("the second view is another augmentation")
                    .isNotEqualTo(two.images());
        }
    }
}
