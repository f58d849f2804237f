package dev.fess.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class NpyTest {
    @TempDir
    Path tmp;

    static Path fixtures() {
        try {
            return Path.of(NpyTest.class
                            .getResource("/dev/fess/npy/fixtures.json")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value make_fixtures.py stores at C-order position n. */
    static float expected(String code, int n) {
        if (code.equals("b1")) {
            return n % 3 == 0 ? 1 : 0;
        }
        if (code.startsWith("i")) {
            return n - 12;
        }
        if (code.startsWith("u")) {
            return n;
        }
        return n * 0.5f - 3.25f;
    }

    static Stream<Arguments> numpyFiles() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(fixtures().resolve("fixtures.json")));
        List<Arguments> out = new ArrayList<>();
        for (JsonNode f : root.get("files")) {
            out.add(Arguments.of(
                    f.get("file").asString(),
                    f.get("code").asString(),
                    f.get("fortran").asBoolean(),
                    f.get("version").asString()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numpyFiles")
    void readsEveryNumpyVariant(String file, String code, boolean fortran, String version) throws IOException {
        Path p = fixtures().resolve(file);
        Npy.Header h = Npy.readHeader(p);
        assertThat(h.fortranOrder()).isEqualTo(fortran);
        assertThat(h.majorVersion() + ".0").isEqualTo(version);
        NpyArray a = Npy.read(p);
        assertThat(a.shape()).containsExactly(2, 3, 4);
        assertThat(a.dtype().code()).isEqualTo(code);
        for (int n = 0; n < 24; n++) {
            assertThat(a.data()[n]).as("element %d", n).isEqualTo(expected(code, n));
        }
    }

    @Test
    void fixturesCoverAllVariants() throws IOException {
        assertThat(numpyFiles().count()).isEqualTo(11 * 2 + 8 * 2 + 2); // every dtype × order, multi-byte ones × BE
    }

    @ParameterizedTest
    @EnumSource(NpyDtype.class)
    void writesTheBytesNumpySaveWrites(NpyDtype t) throws IOException {
        float[] d = new float[24];
        for (int n = 0; n < 24; n++) {
            d[n] = expected(t.code(), n);
        }
        Path out = tmp.resolve("a.npy");
        Npy.write(out, new NpyArray(new int[] {2, 3, 4}, t, d));
        assertThat(Files.readAllBytes(out))
                .isEqualTo(Files.readAllBytes(fixtures().resolve("save_" + t.code() + ".npy")));
        assertThat(Files.list(tmp)).containsExactly(out);
    }

    @Test
    void writesOneDimensionalAndScalarArraysLikeNumpy() throws IOException {
        Path a = tmp.resolve("a.npy");
        Npy.write(a, new NpyArray(new int[] {5}, NpyDtype.FLOAT32, new float[] {0, 1, 2, 3, 4}));
        assertThat(Files.readAllBytes(a))
                .isEqualTo(Files.readAllBytes(fixtures().resolve("save_shape1.npy")));
        Path s = tmp.resolve("s.npy");
        Npy.write(s, new NpyArray(new int[0], NpyDtype.FLOAT32, new float[] {2.5f}));
        assertThat(Files.readAllBytes(s))
                .isEqualTo(Files.readAllBytes(fixtures().resolve("save_scalar.npy")));
        assertThat(Npy.read(s).data()).containsExactly(2.5f);
    }

    @Test
    void channelsLastArrayMapsToNiftiIndexOrder() throws IOException {
        // volume_4d.npy: a[i, j, k, c] = ((i*3 + j)*2 + k)*2 + c with shape (4, 3, 2, 2)
        NpyArray a = Npy.read(fixtures().resolve("volume_4d.npy"));
        Volume v = a.toVolume(Affine.scaling(2, 3, 4));
        assertThat(v.shape()).containsExactly(4, 3, 2);
        assertThat(v.channels()).isEqualTo(2);
        assertThat(v.spacing()).containsExactly(2, 3, 4);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    for (int c = 0; c < 2; c++) {
                        assertThat(v.get(i, j, k, c)).isEqualTo(((i * 3 + j) * 2 + k) * 2 + c);
                    }
                }
            }
        }
        assertThat(NpyArray.fromVolume(v, NpyDtype.FLOAT32)).isEqualTo(a);
    }

    @Test
    void threeDimensionalArrayIsOneChannel() {
        float[] d = new float[2 * 3 * 4];
        for (int n = 0; n < d.length; n++) {
            d[n] = n;
        }
        Volume v = new NpyArray(new int[] {2, 3, 4}, NpyDtype.FLOAT32, d).toVolume();
        assertThat(v.channels()).isEqualTo(1);
        assertThat(v.get(1, 2, 3)).isEqualTo((1 * 3 + 2) * 4 + 3);
        assertThat(v.get(0, 1, 0)).isEqualTo(4);
        assertThat(v.spacing()).containsExactly(1, 1, 1);
    }

    @Test
    void refusesArraysThatAreNotVolumes() {
        assertThatThrownBy(() -> new NpyArray(new int[] {4, 4}, NpyDtype.FLOAT32, new float[16]).toVolume())
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("(4, 4)");
        assertThatThrownBy(() -> new NpyArray(new int[] {2, 2, 2, 9}, NpyDtype.FLOAT32, new float[72]).toVolume())
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("c ≤ 8");
    }

    static Stream<Arguments> seeds() {
        return Stream.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomRoundTrips(long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        NpyDtype t = NpyDtype.values()[r.nextInt(NpyDtype.values().length)];
        int rank = r.nextInt(1, 5);
        int[] shape = new int[rank];
        int n = 1;
        for (int d = 0; d < rank; d++) {
            shape[d] = r.nextInt(1, 7);
            n *= shape[d];
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = switch (t) {
                case BOOL -> r.nextInt(2);
                case INT8 -> r.nextInt(-128, 128);
                case UINT8 -> r.nextInt(256);
                case INT16 -> r.nextInt(-32768, 32768);
                case UINT16 -> r.nextInt(65536);
                case INT32, INT64 -> r.nextInt(-1 << 24, 1 << 24);
                case UINT32, UINT64 -> r.nextInt(1 << 24);
                case FLOAT32, FLOAT64 -> (float) r.nextGaussian();
            };
        }
        NpyArray a = new NpyArray(shape, t, d);
        Path p = tmp.resolve("r.npy");
        Npy.write(p, a);
        assertThat(Npy.read(p)).isEqualTo(a);
        assertThat(Files.size(p) - t.itemSize() * (long) n).isEqualTo(128);
    }

    @Test
    void writerRefusesValuesTheTypeCannotHold() {
        Path p = tmp.resolve("bad.npy");
        assertThatThrownBy(() -> Npy.write(p, new NpyArray(new int[] {2}, NpyDtype.UINT8, new float[] {1, 0.5f})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.5")
                .hasMessageContaining("u1");
        assertThatThrownBy(() -> Npy.write(p, new NpyArray(new int[] {1}, NpyDtype.UINT8, new float[] {256})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Npy.write(p, new NpyArray(new int[] {1}, NpyDtype.INT16, new float[] {Float.NaN})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(p).doesNotExist();
    }

    // ---- hand-built broken files ----

    private Path file(String name, String dict, int version, int dataBytes) throws IOException {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.UTF_8);
        int prefix = version == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        b.put(text);
        Path p = tmp.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private void assertBad(Path p, String... reason) {
        assertThatThrownBy(() -> Npy.read(p))
                .isInstanceOf(NpyFormatException.class)
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(p.toString())
                .hasMessageContainingAll(reason);
    }

    @Test
    void handBuiltFileReadsBack() throws IOException {
        Path p = file("ok.npy", "{'shape': (3,), \"fortran_order\": False, 'descr': '>i2'}", 2, 6);
        byte[] bytes = Files.readAllBytes(p);
        int off = bytes.length - 6;
        bytes[off + 1] = 7; // 7
        bytes[off + 2] = 1; // 256
        bytes[off + 4] = (byte) 0xff;
        bytes[off + 5] = (byte) 0xfe; // -2
        Files.write(p, bytes);
        assertThat(Npy.read(p).data()).containsExactly(7, 256, -2);
    }

    @Test
    void truncatedData() throws IOException {
        assertBad(
                file("t.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 1, 20),
                "truncated",
                "24",
                "20");
    }

    @Test
    void trailingData() throws IOException {
        assertBad(
                file("t.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 1, 28),
                "4 unexpected bytes");
    }

    @Test
    void hugeShapeIsRefusedBeforeAllocating() throws IOException {
        assertBad(
                file("h.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000, 1000), }", 1, 8),
                "truncated",
                "4000000000");
        assertBad(
                file("h2.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", 1, 8),
                "more than 2^31");
    }

    @Test
    void badMagicVersionHeaderAndType() throws IOException {
        Path notNpy = tmp.resolve("x.npy");
        Files.writeString(notNpy, "hello world, not numpy");
        assertBad(notNpy, "does not start with");
        Path empty = tmp.resolve("e.npy");
        Files.write(empty, new byte[0]);
        assertBad(empty, "only 0 bytes");
        assertBad(file("v.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4, 4), "version 4.0");
        assertBad(file("c.npy", "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 1, 8), "'<c8'");
        assertBad(
                file("s.npy", "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 1, 4),
                "unreadable .npy header");
        assertBad(file("m.npy", "{'descr': '<f4', 'shape': (1,), }", 1, 4), "'fortran_order'");
        assertBad(file("n.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 1, 4), "unreadable");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        Path p = tmp.resolve("l.npy");
        ByteBuffer b = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(0x7fffffff);
        Files.write(p, b.array());
        assertBad(p, "truncated .npy header");
    }
}
