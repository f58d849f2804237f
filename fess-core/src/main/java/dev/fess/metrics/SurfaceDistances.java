package dev.fess.metrics;

import java.util.Arrays;

/**
 * Directed surface distances between two masks, and the Hausdorff-type scores built from them.
 *
 * <p>With {@code S_P}, {@code S_G} the border voxels ({@link MaskSurface}) of prediction and label:
 * <ul>
 *   <li>{@code d(P→G)} = for each voxel of {@code S_P}, the Euclidean distance in mm to the nearest voxel of
 *       {@code S_G} (voxel centres, anisotropic spacing);
 *   <li>{@code HD95 = max(pct95(d(P→G)), pct95(d(G→P)))} — MONAI's {@code compute_hausdorff_distance(...,
 *       percentile=95, directed=False)};
 *   <li>{@code HD = max(max d(P→G), max d(G→P))};
 *   <li>{@code ASSD = (Σ d(P→G) + Σ d(G→P)) / (|S_P| + |S_G|)} — the mean of both directed sets pooled, MONAI's
 *       {@code compute_average_surface_distance(..., symmetric=True)}.
 * </ul>
 * The percentile is numpy's default ("linear"): for sorted {@code a[0..n−1]} and {@code r = p/100·(n−1)},
 * {@code a[⌊r⌋] + (a[⌈r⌉] − a[⌊r⌋])·(r − ⌊r⌋)}.
 *
 * <p>Speed: the distances are read from the exact EDT of the complement of the target surface computed only inside
 * the bounding box of {@code S_P ∪ S_G}. That is exact: the EDT on a grid is the minimum over the feature voxels
 * inside that grid, and the box holds every voxel of both surfaces, so for a query voxel in the box the minimum is
 * taken over the whole target surface, exactly as on the full volume. Voxels outside the box are never queried.
 */
public final class SurfaceDistances {
    private final double[] predToLabel;
    private final double[] labelToPred;

    private SurfaceDistances(double[] predToLabel, double[] labelToPred) {
        this.predToLabel = predToLabel;
        this.labelToPred = labelToPred;
    }

    /**
     * The directed distances between the surfaces of two masks.
     *
     * @param predSurface linear indices of the prediction's border voxels ({@link MaskSurface#borderVoxels})
     * @param labelSurface linear indices of the label's border voxels
     * @param shape {@code {nx, ny, nz}}
     * @param spacing voxel size in mm along i, j, k
     * @throws IllegalArgumentException when exactly one surface is empty (the distances are undefined)
     */
    public static SurfaceDistances of(int[] predSurface, int[] labelSurface, int[] shape, double[] spacing) {
        DistanceTransform.checkShape(shape[0] * shape[1] * shape[2], shape, spacing);
        if (predSurface.length == 0 && labelSurface.length == 0) {
            return new SurfaceDistances(new double[0], new double[0]);
        }
        if (predSurface.length == 0 || labelSurface.length == 0) {
            throw new IllegalArgumentException("surface distances are undefined when exactly one mask is empty ("
                    + predSurface.length + " prediction and " + labelSurface.length + " label border voxels)");
        }
        int nx = shape[0];
        int ny = shape[1];
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        extendBox(predSurface, nx, ny, lo, hi);
        extendBox(labelSurface, nx, ny, lo, hi);
        int[] box = {hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
        double[] work = new double[box[0] * box[1] * box[2]];
        boolean[] features = new boolean[work.length];
        double[] p2l = directed(labelSurface, predSurface, features, work, box, lo, shape, spacing);
        double[] l2p = directed(predSurface, labelSurface, features, work, box, lo, shape, spacing);
        return new SurfaceDistances(p2l, l2p);
    }

    /** Distances from each voxel of {@code from} to the nearest voxel of {@code target}, via the cropped EDT. */
    private static double[] directed(
            int[] target,
            int[] from,
            boolean[] features,
            double[] work,
            int[] box,
            int[] lo,
            int[] shape,
            double[] spacing) {
        Arrays.fill(features, false);
        for (int p : target) {
            features[local(p, box, lo, shape)] = true;
        }
        int[] queries = new int[from.length];
        for (int t = 0; t < from.length; t++) {
            queries[t] = local(from[t], box, lo, shape);
        }
        double[] d = DistanceTransform.squaredDistanceAt(features, box, spacing, work, queries);
        for (int t = 0; t < d.length; t++) {
            d[t] = Math.sqrt(d[t]);
        }
        return d;
    }

    private static int local(int p, int[] box, int[] lo, int[] shape) {
        int nx = shape[0];
        int ny = shape[1];
        int i = p % nx;
        int j = (p / nx) % ny;
        int k = p / (nx * ny);
        return (i - lo[0]) + box[0] * ((j - lo[1]) + box[1] * (k - lo[2]));
    }

    private static void extendBox(int[] voxels, int nx, int ny, int[] lo, int[] hi) {
        for (int p : voxels) {
            int i = p % nx;
            int j = (p / nx) % ny;
            int k = p / (nx * ny);
            lo[0] = Math.min(lo[0], i);
            hi[0] = Math.max(hi[0], i);
            lo[1] = Math.min(lo[1], j);
            hi[1] = Math.max(hi[1], j);
            lo[2] = Math.min(lo[2], k);
            hi[2] = Math.max(hi[2], k);
        }
    }

    /** For each prediction border voxel, the distance (mm) to the nearest label border voxel (a copy). */
    public double[] predToLabel() {
        return predToLabel.clone();
    }

    /** For each label border voxel, the distance (mm) to the nearest prediction border voxel (a copy). */
    public double[] labelToPred() {
        return labelToPred.clone();
    }

    /** {@code max(pct_p(d(P→G)), pct_p(d(G→P)))}; 0 when both surfaces are empty. */
    public double hausdorff(double percentile) {
        if (predToLabel.length == 0) {
            return 0.0;
        }
        return Math.max(percentile(predToLabel, percentile), percentile(labelToPred, percentile));
    }

    /** HD95: {@link #hausdorff(double) hausdorff(95)}. */
    public double hd95() {
        return hausdorff(95);
    }

    /** The maximum of all surface distances (HD100); 0 when both surfaces are empty. */
    public double hausdorffMax() {
        double m = 0;
        for (double d : predToLabel) {
            m = Math.max(m, d);
        }
        for (double d : labelToPred) {
            m = Math.max(m, d);
        }
        return m;
    }

    /** ASSD: the mean of both directed distance sets pooled; 0 when both surfaces are empty. */
    public double assd() {
        int n = predToLabel.length + labelToPred.length;
        if (n == 0) {
            return 0.0;
        }
        double s = 0;
        for (double d : predToLabel) {
            s += d;
        }
        for (double d : labelToPred) {
            s += d;
        }
        return s / n;
    }

    /**
     * numpy's default ({@code method="linear"}) percentile of {@code values}, {@code p} in [0, 100]. Does not modify
     * the argument.
     */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile of an empty set");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
        }
        double[] a = values.clone();
        Arrays.sort(a);
        double r = p / 100.0 * (a.length - 1);
        int below = (int) Math.floor(r);
        int above = Math.min(below + 1, a.length - 1);
        double t = r - below;
        double lo = a[below];
        double hi = a[above];
        double diff = hi - lo;
        // numpy's _lerp: symmetric formulation for t ≥ 0.5 keeps the result exact at t = 1
        return t >= 0.5 ? hi - diff * (1 - t) : lo + diff * t;
    }
}
