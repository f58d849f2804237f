package dev.fess.sampling;

import java.util.List;

/**
 * A training batch.
 *
 * @param batchSize B
 * @param channels C
 * @param patch patch size {D, H, W}
 * @param images B×C×D×H×W
 * @param classes B×D×H×W class indices
 * @param caseIds the case of each sample
 * @param images2 second view (two-view mode), B×C×D×H×W, else {@code null}
 * @param classes2 second view's classes, else {@code null}
 * @param correspondence two-view mode: for each voxel of view 1 (B×D×H×W, flat), the flat index within the same
 *     sample's D×H×W grid of the view-2 voxel showing the same anatomy (nearest), or −1 when that lies outside
 *     view 2; else {@code null}
 */
public record Batch(
        int batchSize,
        int channels,
        int[] patch,
        float[] images,
        byte[] classes,
        List<String> caseIds,
        float[] images2,
        byte[] classes2,
        int[] correspondence) {

    /** Voxels per sample and channel, D·H·W. */
    public int patchVoxels() {
        return patch[0] * patch[1] * patch[2];
    }

    public boolean twoView() {
        return images2 != null;
    }

    /** Tensor shape of {@link #images()}: {B, C, D, H, W}. */
    public long[] imageShape() {
        return new long[] {batchSize, channels, patch[0], patch[1], patch[2]};
    }

    /** Tensor shape of {@link #classes()}: {B, D, H, W}. */
    public long[] classShape() {
        return new long[] {batchSize, patch[0], patch[1], patch[2]};
    }
}
