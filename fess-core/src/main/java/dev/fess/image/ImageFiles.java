package dev.fess.image;

import dev.fess.UserInputException;
import dev.fess.metaimage.MetaImage;
import dev.fess.nifti.Nifti;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a volume by its file name: NIfTI ({@code .nii}, {@code .nii.gz}, {@code .hdr}/{@code .img} pairs) or
 * MetaImage ({@code .mha}, {@code .mhd}). The one entry point datasets, evaluation and {@code fess info} use, so
 * every place that takes image files takes both formats.
 */
public final class ImageFiles {
    /** The endings {@link #read} knows, longest first (so that {@code .nii.gz} wins over {@code .gz}). */
    private static final String[] NIFTI = {".nii.gz", ".nii", ".hdr.gz", ".img.gz", ".hdr", ".img"};

    private static final String[] METAIMAGE = {".mha", ".mhd"};

    /** The image file formats. */
    public enum Format {
        NIFTI,
        METAIMAGE
    }

    private ImageFiles() {}

    /** The format told by the name, or null when the name has none of the known endings. */
    public static Format format(Path file) {
        String n = lower(file);
        for (String e : NIFTI) {
            if (n.endsWith(e)) {
                return Format.NIFTI;
            }
        }
        for (String e : METAIMAGE) {
            if (n.endsWith(e)) {
                return Format.METAIMAGE;
            }
        }
        return null;
    }

    /** Whether {@link #readVolume} can read a file of this name. */
    public static boolean isImage(Path file) {
        return format(file) != null;
    }

    /**
     * The file name without its image ending ({@code case.nii.gz} → {@code case}, {@code x.mha} → {@code x}), or
     * null when the name is not an image name.
     */
    public static String stem(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String n = name.toLowerCase(Locale.ROOT);
        for (String[] endings : new String[][] {NIFTI, METAIMAGE}) {
            for (String e : endings) {
                if (n.endsWith(e)) {
                    return name.substring(0, name.length() - e.length());
                }
            }
        }
        return null;
    }

    /**
     * Reads the volume (values as float, affine voxel → RAS+ mm).
     *
     * @throws UserInputException when the name has no known ending, or the file is malformed (the format's
     *     exception, naming the file)
     */
    public static Volume readVolume(Path file) throws IOException {
        Format f = format(file);
        if (f == null) {
            throw new UserInputException(
                    file + ": not an image file name (expected .nii, .nii.gz, .hdr/.img," + " .mha or .mhd)");
        }
        return f == Format.NIFTI ? Nifti.readVolume(file) : MetaImage.readVolume(file);
    }

    private static String lower(Path file) {
        return file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}
