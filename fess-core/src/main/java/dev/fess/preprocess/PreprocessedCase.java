package dev.fess.preprocess;

import dev.fess.volume.Volume;
import java.util.Arrays;

/**
 * One case after preprocessing, in memory.
 *
 * @param id the case id
 * @param channels number of image channels C
 * @param shape tensor shape {D, H, W} = {nz, ny, nx} of the preprocessed RAS grid
 * @param image C×D×H×W normalised intensities (the {@link Volume} layout: x fastest, channel slowest)
 * @param classes D×H×W class indices, or {@code null} for an unlabelled case
 * @param foregroundLocations for each class index c ≥ 1, a sorted sample of flat voxel indices
 *     {@code x + W·(y + H·z)} of that class (empty when absent); {@code [0]} is empty. {@code null} when unlabelled
 * @param geometry how to map results back to the original grid
 */
public record PreprocessedCase(
        String id,
        int channels,
        int[] shape,
        float[] image,
        byte[] classes,
        int[][] foregroundLocations,
        GeometryRecord geometry) {

    public PreprocessedCase {
        long n = (long) shape[0] * shape[1] * shape[2];
        if (image.length != n * channels) {
            throw new IllegalArgumentException("image of " + channels + "×" + Arrays.toString(shape) + " needs "
                    + n * channels + " values, got " + image.length);
        }
        if (classes != null && classes.length != n) {
            throw new IllegalArgumentException(
                    "class map of " + Arrays.toString(shape) + " needs " + n + " values, got " + classes.length);
        }
    }

    /** Voxels per channel. */
    public int voxels() {
        return shape[0] * shape[1] * shape[2];
    }

    /** The image as a {@link Volume} on the preprocessed grid with its world affine (data shared). */
    public Volume imageVolume() {
        return new Volume(shape[2], shape[1], shape[0], channels, image, geometry.preprocessedAffine());
    }

    /** The class map as a single-channel {@link Volume} (a float copy), or {@code null}. */
    public Volume classVolume() {
        if (classes == null) {
            return null;
        }
        float[] f = new float[classes.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = classes[i];
        }
        return new Volume(shape[2], shape[1], shape[0], 1, f, geometry.preprocessedAffine());
    }
}
