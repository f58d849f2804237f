package dev.fess.statistics;

import java.util.SplittableRandom;

/**
 * Seeded sampling without replacement by a partial Fisher–Yates shuffle: step {@code i} swaps {@code a[from + i]} with
 * an element drawn uniformly from {@code a[from + i, from + n)}, so after steps 0 … k−1 the range
 * {@code a[from, from + k)} is a uniform random k-subset in random order. Each step draws exactly one
 * {@code nextInt}, so the same (seed, array) gives the same sample everywhere it is used (preprocessing's
 * foreground locations, SupCon's per-class voxels, InfoNCE's anchors).
 */
public final class PartialShuffle {
    private PartialShuffle() {}

    /**
     * Step {@code i} of the shuffle of {@code a[from, from + n)}.
     *
     * @param i the step, 0 ≤ i &lt; n; steps must be taken in order 0, 1, …
     * @return the element now at {@code a[from + i]}, the i-th drawn
     */
    public static int step(int[] a, int from, int n, int i, SplittableRandom random) {
        int j = from + i + random.nextInt(n - i);
        int t = a[from + i];
        a[from + i] = a[j];
        a[j] = t;
        return a[from + i];
    }
}
