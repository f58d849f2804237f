package dev.fess.metrics;

import java.util.Arrays;

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
    private MaskSurface() {
    }

    /**
     * Linear indices (ascending) of the border voxels of {@code mask}.
     *
     * @param mask one flag per voxel
     * @param shape {@code {nx, ny, nz}}
     * @return a new array; empty when the mask is empty
     */
    public static int[] borderVoxels(boolean[] mask, int[] shape) {
        DistanceTransform.checkShape(mask.length, shape, new double[] {1, 1, 1});
        int nx = shape[0];
        int ny = shape[1];
        int nz = shape[2];
        int sxy = nx * ny;
        int[] out = new int[64];
        int count = 0;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                int row = nx * (j + ny * k);
                boolean edgeRow = j == 0 || j == ny - 1 || k == 0 || k == nz - 1;
                for (int i = 0; i < nx; i++) {
                    int p = row + i;
                    if (!mask[p]) {
                        continue;
                    }
                    boolean border = edgeRow || i == 0 || i == nx - 1
                            || !mask[p - 1] || !mask[p + 1]
                            || !mask[p - nx] || !mask[p + nx]
                            || !mask[p - sxy] || !mask[p + sxy];
                    if (border) {
                        if (count == out.length) {
                            out = Arrays.copyOf(out, out.length * 2);
                        }
                        out[count++] = p;
                    }
                }
            }
        }
        return Arrays.copyOf(out, count);
    }
}
