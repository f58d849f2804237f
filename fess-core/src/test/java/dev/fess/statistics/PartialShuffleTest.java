package dev.fess.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartialShuffleTest {

    @Test
    void kStepsDrawADistinctSubsetOfTheRangeAndLeaveTheRestInIt() {
        int[] a = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        SplittableRandom r = new SplittableRandom(5);
        Set<Integer> drawn = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            drawn.add(PartialShuffle.step(a, 3, 6, i, r));
        }
        assertThat(drawn).hasSize(4).allMatch(v -> v >= 13 && v <= 18);
        assertThat(Arrays.copyOfRange(a, 0, 3)).containsExactly(10, 11, 12); // outside the range: untouched
        assertThat(a[9]).isEqualTo(19);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertThat(sorted).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19); // a permutation
    }

    @Test
    void everyElementIsDrawnEquallyOftenAndTheSeedFixesTheDraw() {
        int n = 5;
        int[] counts = new int[n];
        SplittableRandom r = new SplittableRandom(11);
        int trials = 50_000;
        for (int t = 0; t < trials; t++) {
            int[] a = {0, 1, 2, 3, 4};
            counts[PartialShuffle.step(a, 0, n, 0, r)]++;
            PartialShuffle.step(a, 0, n, 1, r);
        }
        for (int c : counts) {
            // 1/5 each; 5 standard deviations of a binomial(50000, 0.2) ≈ 447
            assertThat(Math.abs(c - trials / n)).isLessThan(450);
        }
        int[] x = {0, 1, 2, 3, 4, 5, 6, 7};
        int[] y = x.clone();
        SplittableRandom rx = new SplittableRandom(3);
        SplittableRandom ry = new SplittableRandom(3);
        for (int i = 0; i < 5; i++) {
            assertThat(PartialShuffle.step(x, 0, 8, i, rx)).isEqualTo(PartialShuffle.step(y, 0, 8, i, ry));
        }
    }
}
