package dev.fess.train;

/**
 * One training batch as plain arrays (what the patch loader produces).
 *
 * @param batch B
 * @param channels C
 * @param patch {D, H, W}
 * @param images B×C×D×H×W intensities
 * @param classes B×D×H×W class indices
 * @param images2 second augmented view (two-view arms), or null
 * @param classes2 class indices of the second view, or null
 * @param correspondence for every voxel of view 1 (B×D×H×W), the flat index {@code (z·H + y)·W + x} of the same
 *     anatomical voxel in view 2, or −1; null when not needed
 */
public record TrainingBatch(
        int batch,
        int channels,
        int[] patch,
        float[] images,
        byte[] classes,
        float[] images2,
        byte[] classes2,
        int[] correspondence) {

    public boolean twoViews() {
        return images2 != null;
    }
}
