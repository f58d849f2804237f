package dev.fess.volume;

import dev.fess.UserInputException;

/**
 * Anatomical orientation of a voxel grid, as nibabel's {@code io_orientation} / {@code aff2axcodes}, and exact
 * reorientation to RAS by axis permutation and flips.
 *
 * <p>For each voxel axis, the orientation is the world axis (0 = x/R, 1 = y/A, 2 = z/S) it runs closest to and
 * the direction (+1 towards R/A/S, −1 towards L/P/I). It is read off the rotation nearest to the affine's
 * column-normalised 3×3 part, choosing voxel axes in order and removing each chosen world axis from
 * consideration (so ties and oblique grids still give a permutation).
 */
public final class Orientation {
    private static final char[][] LABELS = {{'L', 'R'}, {'P', 'A'}, {'I', 'S'}};

    private Orientation() {}

    /**
     * {@code result[voxelAxis] = {worldAxis, direction}}; {@code {-1, 0}} for an axis the affine collapses
     * (nibabel's NaN rows).
     */
    public static int[][] ioOrientation(Affine a) {
        double[] rzs = Matrix3.linearPart(a);
        for (int c = 0; c < 3; c++) {
            double z = Math.sqrt(rzs[c] * rzs[c] + rzs[3 + c] * rzs[3 + c] + rzs[6 + c] * rzs[6 + c]);
            if (z == 0) {
                z = 1;
            }
            for (int r = 0; r < 3; r++) {
                rzs[r * 3 + c] /= z;
            }
        }
        double[] rot = Matrix3.polar(rzs);
        int[][] ornt = new int[3][];
        for (int in = 0; in < 3; in++) {
            double best = 0;
            int out = -1;
            boolean allClose = true;
            for (int r = 0; r < 3; r++) {
                double v = Math.abs(rot[r * 3 + in]);
                if (v > 1e-8) {
                    allClose = false;
                }
                if (v > best) {
                    best = v;
                    out = r;
                }
            }
            if (allClose || out < 0) {
                ornt[in] = new int[] {-1, 0};
                continue;
            }
            ornt[in] = new int[] {out, rot[out * 3 + in] < 0 ? -1 : 1};
            for (int c = 0; c < 3; c++) {
                rot[out * 3 + c] = 0;
            }
        }
        return ornt;
    }

    /** Three letters such as "RAS", "LPS", "PIR": where each voxel axis points; '?' for a collapsed axis. */
    public static String axcodes(Affine a) {
        StringBuilder s = new StringBuilder(3);
        for (int[] o : ioOrientation(a)) {
            s.append(o[0] < 0 ? '?' : LABELS[o[0]][o[1] > 0 ? 1 : 0]);
        }
        return s.toString();
    }

    /**
     * The same image on a RAS grid: voxel axes permuted and flipped so that axis d runs closest to world axis d
     * in the positive direction. No interpolation: voxel values are moved, not resampled, and the affine is
     * updated so that every voxel keeps its world position. Data is copied (all channels).
     *
     * @throws UserInputException when the affine collapses an axis (singular), so no orientation exists
     */
    public static Reoriented toRas(Volume v) {
        int[][] ornt = ioOrientation(v.affine());
        int[] sourceAxis = new int[3];
        boolean[] flipped = new boolean[3];
        for (int in = 0; in < 3; in++) {
            if (ornt[in][0] < 0) {
                throw new UserInputException(
                        "cannot reorient to RAS: the affine is degenerate (voxel axis " + in + " has no direction)");
            }
            sourceAxis[ornt[in][0]] = in;
            flipped[ornt[in][0]] = ornt[in][1] < 0;
        }
        int[] shape = v.shape();
        int[] rasShape = new int[3];
        double[] t = new double[16];
        for (int out = 0; out < 3; out++) {
            int in = sourceAxis[out];
            rasShape[out] = shape[in];
            t[in * 4 + out] = flipped[out] ? -1 : 1;
            t[in * 4 + 3] = flipped[out] ? shape[in] - 1 : 0;
        }
        t[15] = 1;
        Affine rasAffine = v.affine().multiply(Affine.of(t));
        float[] data = permute(v.data(), shape, v.channels(), sourceAxis, flipped);
        Volume ras = new Volume(rasShape[0], rasShape[1], rasShape[2], v.channels(), data, rasAffine);
        return new Reoriented(ras, v.affine(), shape, sourceAxis, flipped);
    }

    /**
     * Copies {@code src} (shape {@code srcShape} × channels) so that destination axis d reads source axis
     * {@code sourceAxis[d]}, reversed when {@code flipped[d]}.
     */
    static float[] permute(float[] src, int[] srcShape, int channels, int[] sourceAxis, boolean[] flipped) {
        long[] srcStride = {1, srcShape[0], (long) srcShape[0] * srcShape[1]};
        int[] dstShape = new int[3];
        long[] step = new long[3];
        long base = 0;
        for (int d = 0; d < 3; d++) {
            int s = sourceAxis[d];
            dstShape[d] = srcShape[s];
            step[d] = flipped[d] ? -srcStride[s] : srcStride[s];
            if (flipped[d]) {
                base += (srcShape[s] - 1) * srcStride[s];
            }
        }
        int n = srcShape[0] * srcShape[1] * srcShape[2];
        float[] dst = new float[src.length];
        int o = 0;
        for (int c = 0; c < channels; c++) {
            long cb = (long) c * n + base;
            for (int k = 0; k < dstShape[2]; k++) {
                for (int j = 0; j < dstShape[1]; j++) {
                    int p = (int) (cb + k * step[2] + j * step[1]);
                    int s0 = (int) step[0];
                    for (int i = 0; i < dstShape[0]; i++) {
                        dst[o++] = src[p];
                        p += s0;
                    }
                }
            }
        }
        return dst;
    }
}
