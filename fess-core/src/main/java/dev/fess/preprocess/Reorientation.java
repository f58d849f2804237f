package dev.fess.preprocess;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Orientation;
import dev.fess.volume.Volume;
import java.util.Arrays;

/**
 * The axis permutation and flips that bring a voxel grid to RAS+ order (i → Right, j → Anterior, k → Superior),
 * as a serialisable value.
 *
 * <p>RAS axis {@code a} runs along original voxel axis {@code axes[a]}, reversed when {@code flips[a]}: the RAS
 * index {@code n} on axis {@code a} is original index {@code flips[a] ? N − 1 − n : n} on axis {@code axes[a]}.
 * Both directions only move voxels, so {@link #undo} of {@link #apply} is the identity, bit for bit. Axes are
 * matched to world axes by {@link Orientation#ioOrientation} (nibabel's {@code io_orientation}); this record is
 * the serialisable form of {@link dev.fess.volume.Reoriented}'s mapping, without the volume.
 *
 * @param axes original voxel axis for each RAS axis (a permutation of 0, 1, 2)
 * @param flips whether that axis is reversed
 */
public record Reorientation(int[] axes, boolean[] flips) {
    public Reorientation {
        if (axes.length != 3 || flips.length != 3) {
            throw new IllegalArgumentException(
                    "reorientation needs 3 axes and 3 flips, got " + axes.length + " and " + flips.length);
        }
        boolean[] seen = new boolean[3];
        for (int a : axes) {
            if (a < 0 || a > 2 || seen[a]) {
                throw new IllegalArgumentException("axes must be a permutation of 0,1,2, got " + Arrays.toString(axes));
            }
            seen[a] = true;
        }
        axes = axes.clone();
        flips = flips.clone();
    }

    /** The reorientation that leaves a RAS grid as it is. */
    public static Reorientation identity() {
        return new Reorientation(new int[] {0, 1, 2}, new boolean[3]);
    }

    /**
     * The reorientation to RAS+ for a grid with the given voxel-to-world affine, as
     * {@link Orientation#ioOrientation} decides it.
     *
     * @throws dev.fess.UserInputException when the affine collapses an axis
     */
    public static Reorientation toRas(Affine affine) {
        int[][] ornt = Orientation.ioOrientation(affine);
        int[] axes = new int[3];
        boolean[] flips = new boolean[3];
        for (int v = 0; v < 3; v++) {
            if (ornt[v][0] < 0) {
                throw new UserInputException("cannot reorient to RAS: the affine is degenerate (voxel axis " + v
                        + " has no direction)\n" + affine);
            }
            axes[ornt[v][0]] = v;
            flips[ornt[v][0]] = ornt[v][1] < 0;
        }
        return new Reorientation(axes, flips);
    }

    /** True when the grid already is RAS. */
    public boolean changesNothing() {
        return axes[0] == 0 && axes[1] == 1 && axes[2] == 2 && !flips[0] && !flips[1] && !flips[2];
    }

    /** Shape {nx, ny, nz} of the RAS grid for an original grid shape. */
    public int[] rasShape(int[] originalShape) {
        return new int[] {originalShape[axes[0]], originalShape[axes[1]], originalShape[axes[2]]};
    }

    /** Voxel spacing in RAS axis order for an original spacing. */
    public double[] rasSpacing(double[] originalSpacing) {
        return new double[] {originalSpacing[axes[0]], originalSpacing[axes[1]], originalSpacing[axes[2]]};
    }

    /**
     * Affine of the RAS grid: {@code A_ras = A · P} with {@code P} the 4×4 map from RAS index to original index.
     */
    public Affine rasAffine(Affine original, int[] originalShape) {
        double[] p = new double[16];
        p[15] = 1;
        for (int a = 0; a < 3; a++) {
            int o = axes[a];
            p[o * 4 + a] = flips[a] ? -1 : 1;
            if (flips[a]) {
                p[o * 4 + 3] = originalShape[o] - 1;
            }
        }
        return original.multiply(Affine.of(p));
    }

    /** The volume on the RAS grid (a copy; every channel moved). */
    public Volume apply(Volume v) {
        int[] os = v.shape();
        int[] rs = rasShape(os);
        Affine ra = rasAffine(v.affine(), os);
        if (changesNothing()) {
            return new Volume(rs[0], rs[1], rs[2], v.channels(), v.data().clone(), ra);
        }
        float[] out = new float[v.data().length];
        move(v.data(), os, out, rs, v.channels(), true);
        return new Volume(rs[0], rs[1], rs[2], v.channels(), out, ra);
    }

    /**
     * Moves a volume on the RAS grid back to the original grid and gives it the original affine.
     *
     * @param ras a volume whose shape is {@link #rasShape} of {@code originalShape}
     */
    public Volume undo(Volume ras, int[] originalShape, Affine originalAffine) {
        int[] rs = rasShape(originalShape);
        if (!Arrays.equals(ras.shape(), rs)) {
            throw new IllegalArgumentException(
                    "volume on the RAS grid must be " + Arrays.toString(rs) + ", got " + Arrays.toString(ras.shape()));
        }
        float[] out = new float[ras.data().length];
        if (changesNothing()) {
            System.arraycopy(ras.data(), 0, out, 0, out.length);
        } else {
            move(ras.data(), originalShape, out, rs, ras.channels(), false);
        }
        return new Volume(originalShape[0], originalShape[1], originalShape[2], ras.channels(), out, originalAffine);
    }

    /** Copies between the original layout and the RAS layout; {@code toRas} says which way. */
    private void move(float[] src, int[] os, float[] dst, int[] rs, int channels, boolean toRas) {
        int[] ostride = {1, os[0], os[0] * os[1]};
        // original flat offset contributed by each RAS index step, and the constant offset of flipped axes
        int[] step = new int[3];
        int base = 0;
        for (int a = 0; a < 3; a++) {
            int o = axes[a];
            step[a] = flips[a] ? -ostride[o] : ostride[o];
            if (flips[a]) {
                base += (os[o] - 1) * ostride[o];
            }
        }
        int n = rs[0] * rs[1] * rs[2];
        for (int c = 0; c < channels; c++) {
            int cOff = c * n;
            int r = 0;
            for (int k = 0; k < rs[2]; k++) {
                for (int j = 0; j < rs[1]; j++) {
                    int o = base + k * step[2] + j * step[1];
                    for (int i = 0; i < rs[0]; i++, r++, o += step[0]) {
                        if (toRas) {
                            dst[cOff + r] = src[cOff + o];
                        } else {
                            dst[cOff + o] = src[cOff + r];
                        }
                    }
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reorientation r && Arrays.equals(axes, r.axes) && Arrays.equals(flips, r.flips);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(axes) + Arrays.hashCode(flips);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Reorientation[");
        for (int a = 0; a < 3; a++) {
            sb.append(flips[a] ? "-" : "+").append("ijk".charAt(axes[a]));
        }
        return sb.append(']').toString();
    }
}
