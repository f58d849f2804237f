package dev.fess.metaimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips through the writer for every type, both file forms, compressed or not; refusals leave nothing. */
class MetaImageWriterTest {
    @TempDir
    Path tmp;

    /** An oblique, left-handed grid with an offset: every affine entry non-trivial. */
    static final Affine OBLIQUE = Affine.of(
            -0.8 * 0.9,
            0.1 * 1.2,
            0.0,
            12.5,
            0.6 * 0.9,
            0.3 * 1.2,
            0.2 * 2.5,
            -40.25,
            0.0,
            0.9 * 1.2,
            -0.95 * 2.5,
            7.0,
            0,
            0,
            0,
            1);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (MetaElementType t : MetaElementType.values()) {
            for (String name : new String[] {"x.mha", "x.mhd"}) {
                for (boolean z : new boolean[] {false, true}) {
                    out.add(Arguments.of(t, name, z));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} compressed={2}")
    @MethodSource("cases")
    void roundTrip(MetaElementType type, String name, boolean compress) throws IOException {
        SplittableRandom r = new SplittableRandom(type.ordinal());
        int nx = 7, ny = 5, nz = 3, c = 2;
        float[] d = new float[nx * ny * nz * c];
        for (int i = 0; i < d.length; i++) {
            d[i] = type.isInteger()
                    ? (float) Math.rint(type.minValue()
                                    + r.nextDouble() * (Math.min(type.maxValue(), 1e7) - type.minValue()))
                            + 0.0f
                    : (float) (r.nextGaussian() * 100);
        }
        if (type.isInteger()) {
            d[0] = (float) type.minValue();
            d[1] = type.bytes() < 4 ? (float) type.maxValue() : d[1];
        }
        Path f = tmp.resolve(name);
        Volume v = new Volume(nx, ny, nz, c, d, OBLIQUE);
        MetaImage.write(f, v, type, compress);
        MetaImageFile back = MetaImage.read(f);
        assertThat(back.volume().data()).isEqualTo(d);
        assertThat(back.volume().channels()).isEqualTo(c);
        assertThat(back.volume().affine().maxAbsDifference(OBLIQUE)).isLessThan(1e-12);
        assertThat(back.header().elementType()).isEqualTo(type);
        assertThat(back.header().compressed()).isEqualTo(compress);
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(
                            name.endsWith(".mha") ? List.of(name) : List.of(name, compress ? "x.zraw" : "x.raw"));
        }
    }

    @Test
    void headerIsWhatItkWrites() throws IOException {
        Path f = tmp.resolve("h.mha");
        MetaImage.write(
                f,
                new Volume(2, 2, 1, 1, new float[] {1, 2, 3, 4}, Affine.scaling(0.5, 1, 2)),
                MetaElementType.SHORT,
                false);
        String text = Files.readString(f, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("""
                ObjectType = Image
                NDims = 3
                BinaryData = True
                BinaryDataByteOrderMSB = False
                CompressedData = False
                TransformMatrix = -1 0 0 0 -1 0 0 0 1
                Offset = 0 0 0
                CenterOfRotation = 0 0 0
                AnatomicalOrientation = LPI
                ElementSpacing = 0.5 1 2
                DimSize = 2 2 1
                ElementType = MET_SHORT
                ElementDataFile = LOCAL
                """);
        assertThat(MetaImage.read(f).volume().affine().maxAbsDifference(Affine.scaling(0.5, 1, 2)))
                .isZero();
    }

    @Test
    void identityLpsDirectionIsRai() {
        assertThat(MetaImageWriter.orientation(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}))
                .isEqualTo("RAI");
        assertThat(MetaImageWriter.orientation(new double[][] {{-1, 0, 0}, {0, -1, 0}, {0, 0, 1}}))
                .isEqualTo("LPI");
    }

    @Test
    void valuesOutOfRangeAreRefusedAndNothingIsWritten() throws IOException {
        Path f = tmp.resolve("bad.mhd");
        Volume v = new Volume(2, 1, 1, 1, new float[] {1, 300}, null);
        assertThatThrownBy(() -> MetaImage.write(f, v, MetaElementType.UCHAR, true))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("300")
                .hasMessageContaining("MET_UCHAR");
        Volume nan = new Volume(2, 1, 1, 1, new float[] {1, Float.NaN}, null);
        assertThatThrownBy(() -> MetaImage.write(f, nan, MetaElementType.INT, false))
                .isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> MetaImage.write(tmp.resolve("x.nii"), nan, MetaElementType.FLOAT, false))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(".mha or .mhd");
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void integersAreRoundedHalfToEven() throws IOException {
        Path f = tmp.resolve("r.mha");
        MetaImage.write(
                f, new Volume(4, 1, 1, 1, new float[] {0.5f, 1.5f, -2.5f, 2.4f}, null), MetaElementType.SHORT, true);
        assertThat(MetaImage.readVolume(f).data()).containsExactly(0, 2, -2, 2);
        assertThat(MetaImage.read(f).statistics().sum()).isCloseTo(2, within(0.0));
    }
}
