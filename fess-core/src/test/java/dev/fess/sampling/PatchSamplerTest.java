package dev.fess.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.augment.AugmentationConfig;
import dev.fess.augment.Augmenter;
import dev.fess.preprocess.CachedCase;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatchSamplerTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7})
    void atLeastAThirdOfEachBatchHasForeground(int batchSize) {
        // foreground is one 3³ cube in a corner of a 48³ case: random 12³ patches almost never contain it
        CachedCase c = SyntheticCases.sparse("s", new int[] {48, 48, 48});
        int[] patch = {12, 12, 12};
        BatchGenerator g = new BatchGenerator(
                List.of(c),
                new PatchSampler(patch),
                new Augmenter(AugmentationConfig.defaults(), new double[] {1, 1, 1}),
                batchSize,
                false);
        SplittableRandom rng = new SplittableRandom(batchSize);
        int pv = 12 * 12 * 12;
        int withForeground = 0;
        int batches = 60;
        for (int n = 0; n < batches; n++) {
            Batch b = g.generate(rng);
            int inBatch = 0;
            for (int s = 0; s < batchSize; s++) {
                boolean any = false;
                for (int v = 0; v < pv && !any; v++) {
                    any = b.classes()[s * pv + v] != 0;
                }
                if (any) {
                    inBatch++;
                }
            }
            assertThat(inBatch).isGreaterThanOrEqualTo(PatchSampler.foregroundSamples(batchSize));
            withForeground += inBatch;
        }
        assertThat((double) withForeground / (batches * batchSize)).isGreaterThanOrEqualTo(1.0 / 3);
        assertThat(PatchSampler.foregroundSamples(batchSize)).isEqualTo((batchSize + 2) / 3);
    }

    @Test
    void withoutAugmentationAPatchIsAnExactCopyAndSmallCasesArePadded() {
        // the sparse case's image is its flat index, so each patch value says where it came from
        CachedCase c = SyntheticCases.sparse("s", new int[] {6, 20, 9});
        int[] patch = {8, 8, 8};
        BatchGenerator g = new BatchGenerator(
                List.of(c),
                new PatchSampler(patch),
                new Augmenter(AugmentationConfig.none(), new double[] {1, 1, 1}),
                3,
                false);
        SplittableRandom rng = new SplittableRandom(5);
        for (int n = 0; n < 20; n++) {
            Batch b = g.generate(rng);
            for (int s = 0; s < 3; s++) {
                // find the offset from the first in-volume voxel, then check every voxel against it
                int[] off = null;
                for (int v = 0; v < 512 && off == null; v++) {
                    float val = b.images()[s * 512 + v];
                    if (val != 0) {
                        int flat = (int) val;
                        int z = flat / (20 * 9), y = (flat / 9) % 20, x = flat % 9;
                        off = new int[] {z - v / 64, y - (v / 8) % 8, x - v % 8};
                    }
                }
                assertThat(off).isNotNull();
                for (int v = 0; v < 512; v++) {
                    int z = off[0] + v / 64, y = off[1] + (v / 8) % 8, x = off[2] + v % 8;
                    boolean in = z >= 0 && z < 6 && y >= 0 && y < 20 && x >= 0 && x < 9;
                    int flat = x + 9 * (y + 20 * z);
                    assertThat(b.images()[s * 512 + v]).isEqualTo(in ? (float) flat : 0f);
                    assertThat(b.classes()[s * 512 + v])
                            .isEqualTo(in ? c.classes().get(flat) : (byte) 0);
                }
                // the depth 6 < 8 is padded, the width 9 >= 8 and height 20 are not
                assertThat(off[0]).isBetween(-2, 0);
                assertThat(off[1]).isBetween(0, 12);
                assertThat(off[2]).isBetween(0, 1);
            }
        }
    }
}
