package dev.fess.volume;

import java.util.Arrays;

/**
 * A volume reoriented to RAS by {@link Orientation#toRas} plus what is needed to map results back exactly.
 *
 * @param volume the image on the RAS grid
 * @param originalAffine the affine of the original grid
 * @param originalShape {nx, ny, nz} of the original grid
 * @param sourceAxis for each RAS axis d, the original voxel axis it comes from
 * @param flipped for each RAS axis d, whether it runs opposite to its original axis
 */
public record Reoriented(
        Volume volume, Affine originalAffine, int[] originalShape, int[] sourceAxis, boolean[] flipped) {

    public Reoriented {
        originalShape = originalShape.clone();
        sourceAxis = sourceAxis.clone();
        flipped = flipped.clone();
    }

    @Override
    public int[] originalShape() {
        return originalShape.clone();
    }

    @Override
    public int[] sourceAxis() {
        return sourceAxis.clone();
    }

    @Override
    public boolean[] flipped() {
        return flipped.clone();
    }

    /** Whether the original grid already was RAS (the reorientation moved nothing). */
    public boolean isIdentity() {
        return sourceAxis[0] == 0
                && sourceAxis[1] == 1
                && sourceAxis[2] == 2
                && !flipped[0]
                && !flipped[1]
                && !flipped[2];
    }

    /**
     * Maps a volume on the RAS grid (same spatial shape as {@link #volume()}, any number of channels) back to the
     * original grid with the original affine; exact (values are moved, not resampled).
     *
     * @throws IllegalArgumentException when the shape differs from {@link #volume()}'s
     */
    public Volume undo(Volume rasSpaceVolume) {
        if (!Arrays.equals(rasSpaceVolume.shape(), volume.shape())) {
            throw new IllegalArgumentException("undo needs a volume of the RAS shape " + Arrays.toString(volume.shape())
                    + ", got " + Arrays.toString(rasSpaceVolume.shape()));
        }
        int[] back = new int[3];
        boolean[] backFlip = new boolean[3];
        for (int d = 0; d < 3; d++) {
            back[sourceAxis[d]] = d;
            backFlip[sourceAxis[d]] = flipped[d];
        }
        float[] data =
                Orientation.permute(rasSpaceVolume.data(), volume.shape(), rasSpaceVolume.channels(), back, backFlip);
        return new Volume(
                originalShape[0], originalShape[1], originalShape[2], rasSpaceVolume.channels(), data, originalAffine);
    }
}
