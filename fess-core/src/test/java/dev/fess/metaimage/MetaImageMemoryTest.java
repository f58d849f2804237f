package dev.fess.metaimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading allocates the float array and little else; headers promising more than the file holds are refused first. */
class MetaImageMemoryTest {
    @TempDir
    Path tmp;

    private static long allocatedBytes() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @ParameterizedTest
    @CsvSource({"four.mha, false", "four.mha, true", "four.mhd, false", "four.mhd, true"})
    void readAllocatesOnlyTheFloatArray(String name, boolean compress) throws IOException {
        int nx = 128, ny = 128, nz = 64, c = 4;
        float[] d = new float[nx * ny * nz * c];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.sin(i * 1e-4) * 50 + (i & 15);
        }
        Path f = tmp.resolve(name);
        MetaImage.write(f, new Volume(nx, ny, nz, c, d, Affine.identity()), MetaElementType.FLOAT, compress);
        MetaImage.read(f); // warm up class loading
        long before = allocatedBytes();
        MetaImageFile img = MetaImage.read(f);
        long used = allocatedBytes() - before;
        long array = 4L * d.length + 16;
        assertThat(img.volume().data()).isEqualTo(d);
        // a copy of the file or a second float[] would double this
        assertThat(used).isBetween(array, array + (3L << 20));
    }

    @ParameterizedTest
    @CsvSource({"lie.mha, false", "lie.mha, true", "lie.mhd, false", "lie.mhd, true"})
    void headerClaimingMoreThanTheFileHoldsIsRefusedWithoutAllocating(String name, boolean compress)
            throws IOException {
        Path f = tmp.resolve(name);
        MetaImage.write(f, new Volume(4, 4, 4, 1, new float[64], null), MetaElementType.FLOAT, compress);
        byte[] all = Files.readAllBytes(f);
        String text = new String(all, StandardCharsets.ISO_8859_1)
                .replace("DimSize = 4 4 4", "DimSize = 1200 1200 1200"); // 1.7e9 voxels, 6.9 GB of floats
        Files.write(f, text.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> MetaImage.read(f)).isInstanceOf(MetaImageFormatException.class); // warm up
        long before = allocatedBytes();
        assertThatThrownBy(() -> MetaImage.read(f))
                .isInstanceOf(MetaImageFormatException.class)
                .hasMessageContaining("1200×1200×1200");
        assertThat(allocatedBytes() - before).isLessThan(1L << 20);
    }
}
