package dev.fess.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A file whose voxel-to-world transform has NaN/Inf entries, is singular, or (qform) has voxel sizes that are not
 * finite non-zero numbers (a negative one counts as its absolute value) is refused by the reader with the file's
 * name and the reason (issue 14, point 5).
 */
class UnusableGeometryTest {
    @TempDir
    Path tmp;

    /** Byte offsets of the NIfTI-1 header fields patched below. */
    private static final int PIXDIM = 76;

    private static final int QFORM_CODE = 252;
    private static final int SFORM_CODE = 254;
    private static final int SROW_X = 280;

    /** A valid 4×3×2 file (sform and qform both set by the writer). */
    private Path valid() throws IOException {
        Path f = tmp.resolve("x.nii");
        Nifti.write(f, new Volume(4, 3, 2, 1, new float[24], Affine.scaling(1, 2, 3)), NiftiDatatype.FLOAT32);
        return f;
    }

    private static void patch(Path f, int offset, float value) throws IOException {
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(offset, value);
        Files.write(f, b);
    }

    private static void patchShort(Path f, int offset, short value) throws IOException {
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, value);
        Files.write(f, b);
    }

    /** sform entry (row, column) set to a value. */
    @ParameterizedTest
    @CsvSource({
        "0, 0, NaN, non-finite",
        "1, 3, Infinity, non-finite",
        "2, 2, -Infinity, non-finite",
        "0, 0, 0, singular",
        "1, 1, 0, singular"
    })
    void sformEntries(int row, int col, float value, String reason) throws IOException {
        Path f = valid();
        patch(f, SROW_X + 16 * row + 4 * col, value);
        if (reason.equals("singular") && row == 0) {
            // a zero voxel size: the whole first column 0
            patch(f, SROW_X + 16 + 4 * col, 0);
            patch(f, SROW_X + 32 + 4 * col, 0);
        }
        assertRefused(f, "sform", reason);
    }

    @ParameterizedTest
    @CsvSource({"1, NaN", "2, 0", "3, -Infinity", "1, Infinity"})
    void qformVoxelSizes(int axis, float value) throws IOException {
        Path f = valid();
        patchShort(f, SFORM_CODE, (short) 0);
        patch(f, PIXDIM + 4 * axis, value);
        assertRefused(f, "pixdim[" + axis + "]", "voxel sizes must be positive");
    }

    @ParameterizedTest
    @CsvSource({"1", "0"})
    void axesInOnePlane(int qform) throws IOException {
        Path f = valid();
        patchShort(f, QFORM_CODE, (short) qform);
        // the second column equal to the first: three voxel axes in one plane
        for (int row = 0; row < 3; row++) {
            patch(f, SROW_X + 16 * row + 4, row == 0 ? 1 : 0);
        }
        assertRefused(f, "sform", "singular");
    }

    private static void assertRefused(Path f, String... parts) {
        assertThatThrownBy(() -> Nifti.read(f))
                .isInstanceOf(NiftiFormatException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).startsWith(f + ": ").doesNotContain("\n");
                    for (String p : parts) {
                        assertThat(e.getMessage()).contains(p);
                    }
                });
    }
}
