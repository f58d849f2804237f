package dev.fess.metrics;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The surface (border voxels) of a binary mask, as MONAI's {@code get_mask_edges} and DeepMind's
 * {@code surface-distance} use for Hausdorff and average surface distances.
 *
 * <p>Convention: {@code border = mask AND NOT erode(mask)}, where the erosion is scipy's {@code binary_erosion} with
 * its default structuring element, the 3D cross (6-connectivity: the voxel and its ±i, ±j, ±k face neighbours),
 * and {@code border_value = 0} (voxels outside the volume count as background). So a mask voxel is on the surface
 * when at least one of its six face neighbours is background or outside the volume. MONAI first crops both masks to
 * the bounding box of their union; that changes nothing, since every neighbour outside that box is background.
 *
 * <p>Arrays are in NIfTI index order {@code a[i + nx·(j + ny·k)]}, shape {@code {nx, ny, nz}}.
 */
public final class MaskSurface {
    private static final int PARALLEL_THRESHOLD = 1 << 16;

    private MaskSurface() {}

    /**
     * Linear indices (ascending) of the border voxels of {@code mask}.
     *
     * @param mask one flag per voxel
     * @param shape {@code {nx, ny, nz}}
     * @return a new array; empty when the mask is empty
     */
    public static int[] borderVoxels(boolean[] mask, int[] shape) {
        return borderVoxels(mask, shape, boundingBox(shape, mask));
    }

    /**
     * As {@link #borderVoxels(boolean[], int[])}, scanning only the box {@code {i0, j0, k0, i1, j1, k1}}
     * (inclusive) that the caller guarantees to hold every voxel of the mask, e.g. {@link #boundingBox} of the
     * union of two masks; null means an empty mask.
     */
    public static int[] borderVoxels(boolean[] mask, int[] shape, int[] box) {
        DistanceTransform.checkShape(mask.length, shape, new double[] {1, 1, 1});
        if (box == null) {
            return NONE;
        }
        long boxVoxels = (long) (box[3] - box[0] + 1) * (box[4] - box[1] + 1) * (box[5] - box[2] + 1);
        IntStream slices = IntStream.rangeClosed(box[2], box[5]);
        int[][] perSlice = (boxVoxels >= PARALLEL_THRESHOLD ? slices.parallel() : slices)
                .mapToObj(k -> borderOfSlice(mask, shape, box, k))
                .toArray(int[][]::new);
        int total = 0;
        for (int[] a : perSlice) {
            total += a.length;
        }
        int[] out = new int[total];
        int at = 0;
        for (int[] a : perSlice) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    /**
     * The smallest box {@code {i0, j0, k0, i1, j1, k1}} (inclusive) holding every {@code true} voxel of all the
     * given masks, or null when they are all empty.
     */
    public static int[] boundingBox(int[] shape, boolean[]... masks) {
        int nx = shape[0];
        int ny = shape[1];
        int nz = shape[2];
        for (boolean[] m : masks) {
            DistanceTransform.checkShape(m.length, shape, new double[] {1, 1, 1});
        }
        IntStream slices = IntStream.range(0, nz);
        int[][] perSlice = ((long) nx * ny * nz * masks.length >= PARALLEL_THRESHOLD ? slices.parallel() : slices)
                .mapToObj(k -> {
                    int i0 = Integer.MAX_VALUE;
                    int i1 = -1;
                    int j0 = Integer.MAX_VALUE;
                    int j1 = -1;
                    for (int j = 0; j < ny; j++) {
                        int row = nx * (j + ny * k);
                        int first = Integer.MAX_VALUE;
                        int last = -1;
                        for (boolean[] m : masks) {
                            for (int i = 0, stop = Math.min(nx, first); i < stop; i++) {
                                if (m[row + i]) {
                                    first = i;
                                    break;
                                }
                            }
                            if (first == Integer.MAX_VALUE) {
                                continue;
                            }
                            for (int i = nx - 1; i > last; i--) {
                                if (m[row + i]) {
                                    last = i;
                                    break;
                                }
                            }
                        }
                        if (last >= 0) {
                            i0 = Math.min(i0, first);
                            i1 = Math.max(i1, last);
                            j0 = Math.min(j0, j);
                            j1 = j;
                        }
                    }
                    return i1 < 0 ? null : new int[] {i0, j0, i1, j1};
                })
                .toArray(int[][]::new);
        int[] box = null;
        for (int k = 0; k < nz; k++) {
            int[] b = perSlice[k];
            if (b == null) {
                continue;
            }
            if (box == null) {
                box = new int[] {b[0], b[1], k, b[2], b[3], k};
            } else {
                box[0] = Math.min(box[0], b[0]);
                box[1] = Math.min(box[1], b[1]);
                box[3] = Math.max(box[3], b[2]);
                box[4] = Math.max(box[4], b[3]);
                box[5] = k;
            }
        }
        return box;
    }

    private static final int[] NONE = new int[0];

    private static int[] borderOfSlice(boolean[] mask, int[] shape, int[] box, int k) {
        int nx = shape[0];
        int ny = shape[1];
        int nz = shape[2];
        int sxy = nx * ny;
        int[] out = NONE;
        int count = 0;
        for (int j = box[1]; j <= box[4]; j++) {
            int row = nx * (j + ny * k);
            boolean edgeRow = j == 0 || j == ny - 1 || k == 0 || k == nz - 1;
            for (int i = box[0]; i <= box[3]; i++) {
                int p = row + i;
                if (!mask[p]) {
                    continue;
                }
                boolean border = edgeRow
                        || i == 0
                        || i == nx - 1
                        || !mask[p - 1]
                        || !mask[p + 1]
                        || !mask[p - nx]
                        || !mask[p + nx]
                        || !mask[p - sxy]
                        || !mask[p + sxy];
                if (border) {
                    if (count == out.length) {
                        out = Arrays.copyOf(out, Math.max(16, out.length * 2));
                    }
                    out[count++] = p;
                }
            }
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
    }
}
