package dev.fess.metaimage;

import dev.fess.volume.Affine;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A MetaImage header as read ({@code .mha} or {@code .mhd}), with the fields that define the voxels and their
 * geometry already resolved the way ITK's {@code MetaImageIO} resolves them.
 *
 * <p>Geometry: ITK places voxel index {@code n} (i fastest) at the LPS point {@code o + D·diag(s)·n}, with
 * {@code o} = {@code offset}, {@code s} = {@code spacing} and the direction matrix {@code D} whose column
 * {@code c} is the row {@code c} of {@code TransformMatrix} ({@code D[r][c] = T[c·nDims + r]}, MetaIO stores
 * the matrix row by row, one axis direction per row). fess's {@link Affine} is RAS+, so {@link #affine()} is
 * {@code diag(−1, −1, 1)·[D·diag(s) | o]}. {@code AnatomicalOrientation} is informational: ITK does not use it
 * to place voxels, and neither does fess.
 *
 * @param file the header file
 * @param nDims {@code NDims}, 1 to 4
 * @param dimSize {@code DimSize}, {@code nDims} positive values
 * @param elementType {@code ElementType}
 * @param channelsPerVoxel {@code ElementNumberOfChannels} (default 1): values stored interleaved per voxel
 * @param byteOrder big-endian when {@code BinaryDataByteOrderMSB} or {@code ElementByteOrderMSB} is true
 * @param compressed {@code CompressedData} (zlib or gzip stream)
 * @param compressedDataSize {@code CompressedDataSize}, or 0 when not given (the stream then runs to the end of
 *     the file)
 * @param headerSize {@code HeaderSize}: bytes to skip at the start of each data file (0 none), or −1 for "the data
 *     are the last bytes of the file"
 * @param transformMatrix the direction rows, {@code nDims²} values ({@code TransformMatrix}, else {@code Rotation},
 *     else {@code Orientation}, else identity)
 * @param offset the LPS position of voxel 0 ({@code Offset}, {@code Position} or {@code Origin}; default 0)
 * @param spacing {@code ElementSpacing} (else {@code ElementSize}, else 1)
 * @param anatomicalOrientation {@code AnatomicalOrientation} as written, or empty
 * @param elementDataFile {@code ElementDataFile} as written ({@code LOCAL}, {@code LIST ...}, a file name or a
 *     {@code printf} pattern)
 * @param listedFiles the file names following a {@code LIST} line (empty otherwise)
 * @param dataStart the byte right after the header in {@code file}: where {@code LOCAL} data begin
 * @param fields every {@code Key = Value} line of the header, in order (values trimmed)
 */
public record MetaImageHeader(
        Path file,
        int nDims,
        long[] dimSize,
        MetaElementType elementType,
        int channelsPerVoxel,
        ByteOrder byteOrder,
        boolean compressed,
        long compressedDataSize,
        long headerSize,
        double[] transformMatrix,
        double[] offset,
        double[] spacing,
        String anatomicalOrientation,
        String elementDataFile,
        List<String> listedFiles,
        long dataStart,
        Map<String, String> fields) {

    public MetaImageHeader {
        listedFiles = List.copyOf(listedFiles);
        fields = Map.copyOf(fields);
    }

    /** Whether the data follow the header in the same file. */
    public boolean isLocal() {
        return elementDataFile.equalsIgnoreCase("LOCAL");
    }

    /** The grid {nx, ny, nz}: {@code DimSize} padded with 1 for images of fewer than 3 dimensions. */
    public int[] spatialShape() {
        int[] s = {1, 1, 1};
        for (int d = 0; d < Math.min(3, nDims); d++) {
            s[d] = (int) dimSize[d];
        }
        return s;
    }

    /** Channels of the volume: {@code ElementNumberOfChannels} × the 4th dimension (if any). */
    public int channels() {
        return (int) (channelsPerVoxel * (nDims == 4 ? dimSize[3] : 1));
    }

    /** Values in the data: all dimensions × {@code ElementNumberOfChannels}. */
    public long values() {
        long n = channelsPerVoxel;
        for (long d : dimSize) {
            n *= d;
        }
        return n;
    }

    /** The 3×3 LPS direction matrix D (row-major; columns are the axis directions), padded with identity. */
    public double[] direction() {
        double[] dir = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        int n = Math.min(3, nDims);
        for (int c = 0; c < n; c++) {
            for (int r = 0; r < n; r++) {
                dir[r * 3 + c] = transformMatrix[c * nDims + r];
            }
        }
        return dir;
    }

    /** Voxel → world in RAS+ millimetres: {@code diag(−1, −1, 1)·[D·diag(s) | o]} (see the class comment). */
    public Affine affine() {
        double[] dir = direction();
        double[] m = new double[16];
        for (int r = 0; r < 3; r++) {
            double flip = r < 2 ? -1 : 1;
            for (int c = 0; c < 3; c++) {
                double s = c < nDims ? spacing[c] : 1;
                m[r * 4 + c] = flip * dir[r * 3 + c] * s;
            }
            m[r * 4 + 3] = r < nDims ? flip * offset[r] : 0;
        }
        m[15] = 1;
        return Affine.of(m);
    }

    /** "5×4×3" (with "×2 channels" when {@code ElementNumberOfChannels} &gt; 1). */
    public String shapeText() {
        StringBuilder s = new StringBuilder();
        for (long d : dimSize) {
            s.append(s.length() > 0 ? "×" : "").append(d);
        }
        if (channelsPerVoxel > 1) {
            s.append(String.format(Locale.ROOT, " (%d channels per voxel)", channelsPerVoxel));
        }
        return s.toString();
    }
}
