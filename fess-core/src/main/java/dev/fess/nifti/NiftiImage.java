package dev.fess.nifti;

import dev.fess.volume.Volume;

/**
 * A NIfTI file as read: the volume (scaled float values, affine from {@link NiftiHeader#affine()}), the header
 * as stored, and statistics of the scaled values computed in double during decoding.
 */
public record NiftiImage(Volume volume, NiftiHeader header, NiftiStatistics statistics) {

    /** An image whose statistics are computed from the volume's float values. */
    public NiftiImage(Volume volume, NiftiHeader header) {
        this(volume, header, NiftiStatistics.of(volume.data()));
    }
}
