package dev.fess.preprocess;

import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.Arrays;

/**
 * Where a preprocessed case came from: everything needed to put a prediction made on the preprocessed grid back
 * on the case's original grid. All shapes are {nx, ny, nz} (i, j, k order), spacings in mm.
 *
 * <p>Forward chain: original grid → {@link Reorientation} (RAS grid, {@code rasShape}) → resampling
 * ({@code resampledShape}, {@link Resampler} half-voxel convention) → crop {@code [cropStart, cropEnd)} of the
 * resampled grid. {@link #restore} walks it backwards.
 *
 * @param originalShape shape of the input grid
 * @param originalAffine row-major 4×4 voxel-to-world affine of the input grid
 * @param reorientation axis permutation and flips to RAS
 * @param rasShape shape of the RAS grid (a permutation of {@code originalShape})
 * @param rasSpacing spacing of the RAS grid
 * @param resampledShape shape after resampling
 * @param resampledSpacing spacing after resampling ({@code rasSpacing · rasShape / resampledShape})
 * @param cropStart first voxel of the crop on the resampled grid
 * @param cropEnd one past the last voxel of the crop
 */
public record GeometryRecord(
        int[] originalShape,
        double[] originalAffine,
        Reorientation reorientation,
        int[] rasShape,
        double[] rasSpacing,
        int[] resampledShape,
        double[] resampledSpacing,
        int[] cropStart,
        int[] cropEnd) {

    /** Shape {nx, ny, nz} of the preprocessed grid. */
    public int[] preprocessedShape() {
        return new int[] {cropEnd[0] - cropStart[0], cropEnd[1] - cropStart[1], cropEnd[2] - cropStart[2]};
    }

    /** The original voxel-to-world affine. */
    public Affine affine() {
        return Affine.of(originalAffine);
    }

    /** Voxel-to-world affine of the preprocessed grid (RAS-aligned, resampled, shifted by the crop). */
    public Affine preprocessedAffine() {
        Affine ras = reorientation.rasAffine(affine(), originalShape);
        Affine resampled = Resampler.resampledAffine(ras, rasShape, resampledShape);
        return resampled.multiply(
                Affine.of(1, 0, 0, cropStart[0], 0, 1, 0, cropStart[1], 0, 0, 1, cropStart[2], 0, 0, 0, 1));
    }

    /** True when the case was not resampled (target spacing equal to its own), so restoring is exact. */
    public boolean resampled() {
        return !Arrays.equals(rasShape, resampledShape);
    }

    /**
     * Maps a volume on the preprocessed grid back to the original grid, with the original affine: un-crop (pad
     * with background), resample to the RAS grid, undo the reorientation.
     *
     * <p>Without resampling the result is exact (voxels are only moved). With resampling, labels are mapped by
     * nearest neighbour and continuous values linearly, so a label map that went forward and back agrees with the
     * original except near boundaries: a round trip through a coarser grid cannot recover detail finer than it.
     *
     * @param v any number of channels on the grid {@link #preprocessedShape()}
     * @param kind how to pad and interpolate
     */
    public Volume restore(Volume v, ValueKind kind) {
        int[] ps = preprocessedShape();
        if (!Arrays.equals(v.shape(), ps)) {
            throw new IllegalArgumentException("volume to restore must have the preprocessed shape "
                    + Arrays.toString(ps) + ", got " + Arrays.toString(v.shape()));
        }
        int[] rs = resampledShape;
        int nRes = rs[0] * rs[1] * rs[2];
        int nPre = ps[0] * ps[1] * ps[2];
        float[] full = new float[nRes * v.channels()];
        float[] src = v.data();
        for (int c = 0; c < v.channels(); c++) {
            if (kind == ValueKind.SOFTMAX && c == 0) {
                Arrays.fill(full, 0, nRes, 1f);
            }
            for (int k = 0; k < ps[2]; k++) {
                for (int j = 0; j < ps[1]; j++) {
                    int from = c * nPre + ps[0] * (j + ps[1] * k);
                    int to = c * nRes + cropStart[0] + rs[0] * (cropStart[1] + j + rs[1] * (cropStart[2] + k));
                    System.arraycopy(src, from, full, to, ps[0]);
                }
            }
        }
        Volume onResampled = new Volume(rs[0], rs[1], rs[2], v.channels(), full, null);
        Volume onRas = kind == ValueKind.LABELS
                ? Resampler.nearest(onResampled, rasShape)
                : Resampler.linear(onResampled, rasShape);
        return reorientation.undo(onRas, originalShape, affine());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeometryRecord g
                && Arrays.equals(originalShape, g.originalShape)
                && Arrays.equals(originalAffine, g.originalAffine)
                && reorientation.equals(g.reorientation)
                && Arrays.equals(rasShape, g.rasShape)
                && Arrays.equals(rasSpacing, g.rasSpacing)
                && Arrays.equals(resampledShape, g.resampledShape)
                && Arrays.equals(resampledSpacing, g.resampledSpacing)
                && Arrays.equals(cropStart, g.cropStart)
                && Arrays.equals(cropEnd, g.cropEnd);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(originalShape) * 31 + Arrays.hashCode(cropStart);
    }

    @Override
    public String toString() {
        return "GeometryRecord[original " + Arrays.toString(originalShape) + ", " + reorientation + ", resampled "
                + Arrays.toString(resampledShape) + ", crop " + Arrays.toString(cropStart) + ".."
                + Arrays.toString(cropEnd) + "]";
    }
}
