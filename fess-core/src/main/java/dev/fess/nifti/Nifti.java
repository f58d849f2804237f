package dev.fess.nifti;

import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reading and writing NIfTI images.
 *
 * <p>Reading: NIfTI-1 ({@code n+1} single file, {@code ni1} .hdr/.img pair) and NIfTI-2 ({@code n+2}), either
 * byte order (told by {@code sizeof_hdr}), plain or gzip ({@code .gz} names), 3D or more (dimensions 4 and up
 * become channels). Values are scaled by {@code scl_slope}/{@code scl_inter} as nibabel does and stored as float;
 * statistics are computed in double from the on-disk values. The affine follows nibabel's
 * {@code get_best_affine}: sform, else qform, else pixdim. The header is checked against the file size before
 * anything is allocated; gzip data is inflated in 1 MiB chunks straight into the float array.
 *
 * <p>Every malformed file is reported as a {@link NiftiFormatException} naming the file and the reason.
 */
public final class Nifti {
    /** gzip level of {@link #write(Path, Volume, NiftiDatatype)}: 1, nibabel's default compresslevel. */
    public static final int DEFAULT_GZIP_LEVEL = 1;

    private Nifti() {}

    /** Reads a {@code .nii}, {@code .nii.gz}, or a {@code .hdr}/{@code .img} pair (either path). */
    public static NiftiImage read(Path file) throws IOException {
        return NiftiReader.read(file);
    }

    /** {@code read(file).volume()}. */
    public static Volume readVolume(Path file) throws IOException {
        return read(file).volume();
    }

    /** Writes with {@link #DEFAULT_GZIP_LEVEL}; see {@link #write(Path, Volume, NiftiDatatype, int)}. */
    public static void write(Path file, Volume v, NiftiDatatype type) throws IOException {
        NiftiWriter.write(file, v, type, DEFAULT_GZIP_LEVEL);
    }

    /**
     * Writes a little-endian NIfTI-1 single file, gzip-compressed when the name ends in {@code .nii.gz}
     * (else it must end in {@code .nii}), atomically (a {@code .tmp} sibling renamed over the target).
     *
     * <p>Both sform and qform carry {@code v.affine()} with code 1 (scanner); the sform stores it exactly (to
     * float32), the qform as voxel sizes + nearest rotation (qfac −1 for left-handed grids). pixdim[1..3] are the
     * affine's column norms. More than one channel gives a 4D image. Integer types get the values rounded
     * half-to-even; a value outside the type's range, or NaN, is refused before anything is written.
     *
     * @param gzipLevel 0 (store) to 9 (smallest); ignored for {@code .nii}
     * @throws dev.fess.UserInputException for a bad name or values that do not fit the type
     */
    public static void write(Path file, Volume v, NiftiDatatype type, int gzipLevel) throws IOException {
        NiftiWriter.write(file, v, type, gzipLevel);
    }
}
