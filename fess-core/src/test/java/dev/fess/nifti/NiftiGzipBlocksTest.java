package dev.fess.nifti;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A .nii.gz large enough to be compressed as several parallel blocks decodes, with the JDK's own gzip reader, to
 * exactly the bytes of the same image written as .nii — so block seams, window priming, CRC and length are right.
 */
class NiftiGzipBlocksTest {
    @TempDir
    Path tmp;

    @Test
    void multiBlockGzipDecodesToThePlainFile() throws Exception {
        int nx = 150, ny = 140, nz = 130; // 10.9 MB of float32: three 4 MiB blocks
        float[] data = new float[nx * ny * nz];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < data.length; i++) {
            // smooth structure (long matches across block seams) plus noise
            data[i] = (i / 977) % 50 + (r.nextInt(8) == 0 ? (float) r.nextGaussian() : 0f);
        }
        Volume v = new Volume(nx, ny, nz, 1, data, Affine.scaling(1.2, 0.9, 2.5));
        Path plain = tmp.resolve("a.nii");
        Path gz = tmp.resolve("a.nii.gz");
        Nifti.write(plain, v, NiftiDatatype.FLOAT32);
        Nifti.write(gz, v, NiftiDatatype.FLOAT32);

        byte[] expected = Files.readAllBytes(plain);
        byte[] decoded;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
            decoded = in.readAllBytes();
        }
        assertThat(decoded).isEqualTo(expected);
        assertThat(Files.size(gz)).isLessThan(expected.length);
        float[] plainBack = Nifti.readVolume(plain).data();
        float[] gzBack = Nifti.readVolume(gz).data();
        assertThat(firstDifference(plainBack, data))
                .as("first difference, .nii")
                .isEqualTo(-1);
        assertThat(firstDifference(gzBack, data))
                .as("first difference, .nii.gz")
                .isEqualTo(-1);
    }

    private static int firstDifference(float[] a, float[] b) {
        return Arrays.mismatch(a, b);
    }
}
