package dev.fess.metaimage;

import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reading and writing MetaImage ({@code .mha}, {@code .mhd}), the ITK/MetaIO format of the BRATS 2015 data.
 *
 * <p>Reading follows ITK's {@code MetaImageIO}: the header is {@code Key = Value} lines ending with
 * {@code ElementDataFile}, which is {@code LOCAL} (data follow the header), a file name relative to the header
 * ({@code .raw}, {@code .zraw}, {@code .raw.gz}; MetaIO's fallback of appending {@code .gz} included),
 * {@code LIST [n]} with one file name per following line, or a {@code printf} pattern
 * {@code name%03d.raw [min [max [step]]]} with one file per slice of the last axis. Element types
 * {@code MET_CHAR} … {@code MET_DOUBLE} ({@link MetaElementType}), either byte order, {@code CompressedData}
 * (zlib or gzip stream, {@code CompressedDataSize} optional), {@code HeaderSize} (bytes skipped, −1 for "data at
 * the end"), {@code ElementNumberOfChannels} and a 4th dimension (both become channels, channel slowest), 1 to 4
 * dimensions. The geometry is ITK's, converted from LPS to fess's RAS+ ({@link MetaImageHeader#affine()}).
 * ASCII data ({@code BinaryData = False}) and more than 4 dimensions are refused.
 *
 * <p>Every size is checked against the file (or, for compressed data, against deflate's best ratio) before the
 * output array is allocated; reading allocates the float array plus 64 K-value buffers. Every malformed file is
 * reported as one {@link MetaImageFormatException} naming the file and the reason.
 */
public final class MetaImage {
    /** zlib level of the writer: 1 (fast; ITK's default is 2, sizes differ by a few percent). */
    public static final int DEFAULT_ZLIB_LEVEL = 1;

    private MetaImage() {}

    /** Reads a {@code .mha} or {@code .mhd} file (with its data files). */
    public static MetaImageFile read(Path file) throws IOException {
        return MetaImageReader.read(file);
    }

    /** {@code read(file).volume()}. */
    public static Volume readVolume(Path file) throws IOException {
        return read(file).volume();
    }

    /**
     * Writes {@code v} as ITK's MetaImageIO would: {@code .mha} with the data after the header, or {@code .mhd}
     * with a {@code .raw} (or, compressed, {@code .zraw}) beside it; little-endian; zlib level
     * {@value #DEFAULT_ZLIB_LEVEL} when {@code compress}. More than one channel gives a 4D image. Integer types
     * get the values rounded half-to-even; a value outside the type's range is refused before anything is
     * written. Files appear atomically (temporary files renamed).
     *
     * @throws dev.fess.UserInputException for a bad name or values that do not fit the type
     */
    public static void write(Path file, Volume v, MetaElementType type, boolean compress) throws IOException {
        MetaImageWriter.write(file, v, type, compress);
    }
}
