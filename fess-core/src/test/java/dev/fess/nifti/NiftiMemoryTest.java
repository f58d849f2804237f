package dev.fess.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading allocates the float array and little else; lying headers are refused before allocating. */
class NiftiMemoryTest {
    @TempDir
    Path tmp;

    private static long allocatedBytes() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @ParameterizedTest
    @ValueSource(strings = {"four.nii", "four.nii.gz"})
    void readAllocatesOnlyTheFloatArray(String name) throws IOException {
        int nx = 128, ny = 128, nz = 64, c = 4;
        float[] d = new float[nx * ny * nz * c];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.sin(i * 1e-4) * 50 + (i & 15);
        }
        Path f = tmp.resolve(name);
        Nifti.write(f, new Volume(nx, ny, nz, c, d, Affine.identity()), NiftiDatatype.FLOAT32);
        Nifti.read(f); // warm up class loading
        long before = allocatedBytes();
        NiftiImage img = Nifti.read(f);
        long used = allocatedBytes() - before;
        long array = 4L * d.length + 16;
        assertThat(img.volume().data()).isEqualTo(d);
        // a byte[] copy of the file or a second float[] would double this
        assertThat(used).isBetween(array, array + (2L << 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lie.nii", "lie.nii.gz"})
    void headerClaimingMoreThanTheFileHoldsIsRefusedWithoutAllocating(String name) throws IOException {
        Path f = tmp.resolve(name);
        Nifti.write(f, new Volume(4, 4, 4, 1, new float[64], null), NiftiDatatype.FLOAT32);
        byte[] plain = name.endsWith(".gz") ? NiftiFuzzTest.gunzip(Files.readAllBytes(f)) : Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(40, (short) 4)
                .putShort(42, (short) 1200)
                .putShort(44, (short) 1200)
                .putShort(46, (short) 1200)
                .putShort(48, (short) 1); // 1.7e9 voxels, 6.9 GB of floats
        Files.write(f, name.endsWith(".gz") ? NiftiFuzzTest.gzip(plain) : plain);
        assertThatThrownBy(() -> Nifti.read(f)).isInstanceOf(NiftiFormatException.class); // warm up
        long before = allocatedBytes();
        assertThatThrownBy(() -> Nifti.read(f))
                .isInstanceOf(NiftiFormatException.class)
                .hasMessageContaining("1200×1200×1200");
        assertThat(allocatedBytes() - before).isLessThan(1L << 20);
    }
}
