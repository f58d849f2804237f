package dev.fess.metaimage;

import dev.fess.nifti.NiftiStatistics;
import dev.fess.volume.Volume;

/**
 * A MetaImage file as read: the volume (values as float, affine RAS+ from {@link MetaImageHeader#affine()}), the
 * header, and statistics of the stored values computed in double while decoding (the same record fess uses for
 * NIfTI). No intensity function is applied: like ITK, fess ignores {@code ElementToIntensityFunctionSlope/Offset}.
 */
public record MetaImageFile(Volume volume, MetaImageHeader header, NiftiStatistics statistics) {}
