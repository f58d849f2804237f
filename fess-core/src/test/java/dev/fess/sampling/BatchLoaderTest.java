package dev.fess.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.augment.AugmentationConfig;
import dev.fess.augment.Augmenter;
import dev.fess.preprocess.CachedCase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {
    private static BatchGenerator generator() {
        List<CachedCase> cases = List.of(
                SyntheticCases.blobs("a", new int[] {20, 24, 22}, 1),
                SyntheticCases.blobs("b", new int[] {18, 26, 20}, 2));
        return new BatchGenerator(
                cases,
                new PatchSampler(12, 12, 12),
                new Augmenter(AugmentationConfig.defaults().withElastic(0.3), new double[] {1, 1, 1}),
                2,
                true);
    }

    private static List<Batch> take(BatchLoader l, int n) {
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(l.next());
        }
        return out;
    }

    private static void assertSame(List<Batch> a, List<Batch> b) {
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).images())
                    .as("batch %d", i)
                    .containsExactly(a.get(i).images());
            assertThat(b.get(i).classes()).containsExactly(a.get(i).classes());
            assertThat(b.get(i).images2()).containsExactly(a.get(i).images2());
            assertThat(b.get(i).correspondence()).containsExactly(a.get(i).correspondence());
            assertThat(b.get(i).caseIds()).isEqualTo(a.get(i).caseIds());
        }
    }

    @Test
    void sameSequenceWhateverTheThreadCount() {
        BatchGenerator g = generator();
        List<Batch> one;
        try (BatchLoader l =
                BatchLoader.builder(g).seed(11).iterationsPerEpoch(3).threads(1).build()) {
            one = take(l, 7);
            assertThat(l.epoch()).isEqualTo(2);
            assertThat(l.iteration()).isEqualTo(1);
            assertThat(l.delivered()).isEqualTo(7);
        }
        try (BatchLoader l = BatchLoader.builder(g)
                .seed(11)
                .iterationsPerEpoch(3)
                .threads(3)
                .queueCapacity(5)
                .build()) {
            assertSame(one, take(l, 7));
        }
        // batches differ from each other and from another seed
        assertThat(one.get(1).images()).isNotEqualTo(one.get(0).images());
        try (BatchLoader l =
                BatchLoader.builder(g).seed(12).iterationsPerEpoch(3).threads(2).build()) {
            assertThat(l.next().images()).isNotEqualTo(one.get(0).images());
        }
    }

    @Test
    void resumeGivesTheBatchesOfAnUninterruptedRun() {
        BatchGenerator g = generator();
        List<Batch> all;
        try (BatchLoader l =
                BatchLoader.builder(g).seed(5).iterationsPerEpoch(4).threads(2).build()) {
            all = take(l, 10);
        }
        try (BatchLoader l = BatchLoader.builder(g)
                .seed(5)
                .iterationsPerEpoch(4)
                .threads(2)
                .start(1, 2)
                .build()) {
            assertThat(l.epoch()).isEqualTo(1);
            assertThat(l.iteration()).isEqualTo(2);
            assertSame(all.subList(6, 10), take(l, 4));
        }
    }

    @Test
    void batchSeedsDependOnEveryPart() {
        long s = BatchLoader.batchSeed(1, 2, 3);
        assertThat(BatchLoader.batchSeed(1, 2, 3)).isEqualTo(s);
        assertThat(BatchLoader.batchSeed(2, 2, 3)).isNotEqualTo(s);
        assertThat(BatchLoader.batchSeed(1, 3, 3)).isNotEqualTo(s);
        assertThat(BatchLoader.batchSeed(1, 2, 4)).isNotEqualTo(s);
        assertThat(BatchLoader.batchSeed(1, 3, 2)).isNotEqualTo(s);
    }

    @Test
    void waitTimeIsMeasuredAndCloseStopsWorkers() throws Exception {
        BatchLoader l = BatchLoader.builder(generator()).seed(1).threads(2).build();
        l.next();
        assertThat(l.waitNanos()).isPositive();
        l.close();
        long alive = -1;
        for (int i = 0; i < 500 && alive != 0; i++) { // workers finish the batch in hand, then stop
            Thread.sleep(10);
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("fess-batch-loader") && t.isAlive())
                    .count();
        }
        assertThat(alive).isZero();
    }
}
