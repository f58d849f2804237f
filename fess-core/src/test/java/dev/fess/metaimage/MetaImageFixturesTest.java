package dev.fess.metaimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every fixture written (or derived and read back) by ITK matches what ITK's ImageIO read from it, as recorded in
 * expected.json by make_fixtures.sh: shape, RAS affine, every value (SHA-256 of the float32 array), statistics.
 * Every bad_* file is refused with a one-line {@link MetaImageFormatException} naming it.
 */
class MetaImageFixturesTest {
    /** Largest accepted difference between fess's and ITK's affine entries (mm). */
    static final double AFFINE_TOLERANCE = 1e-12;

    static Path dir() {
        try {
            return Path.of(MetaImageFixturesTest.class
                            .getResource("/metaimage/expected.json")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected() {
        return JsonMapper.builder()
                .build()
                .readTree(dir().resolve("expected.json").toFile());
    }

    static Stream<Arguments> goodFiles() {
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : expected().get("fixtures").properties()) {
            out.add(Arguments.of(e.getKey(), e.getValue()));
        }
        return out.stream();
    }

    static Stream<Arguments> badFiles() {
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : expected().get("bad").properties()) {
            out.add(Arguments.of(
                    e.getKey(), e.getValue().get("fess_reason_contains").asString()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void matchesItk(String name, JsonNode e) throws IOException {
        MetaImageFile img = MetaImage.read(dir().resolve(name));
        Volume v = img.volume();
        JsonNode shape = e.get("shape");
        assertThat(new int[] {v.nx(), v.ny(), v.nz(), v.channels()})
                .containsExactly(
                        shape.get(0).asInt(),
                        shape.get(1).asInt(),
                        shape.get(2).asInt(),
                        shape.get(3).asInt());

        Affine a = v.affine();
        JsonNode rows = e.get("affine_ras");
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(a.get(r, c))
                        .as("affine[%d][%d]", r, c)
                        .isCloseTo(rows.get(r).get(c).asDouble(), within(AFFINE_TOLERANCE));
            }
        }

        assertThat(sha256(v.data()))
                .as("SHA-256 of every value as float32")
                .isEqualTo(e.get("sha256_float32").asString());
        for (Map.Entry<String, JsonNode> s : e.get("samples").properties()) {
            assertThat(v.data()[Integer.parseInt(s.getKey())])
                    .as("value %s", s.getKey())
                    .isEqualTo((float) s.getValue().asDouble());
        }
        assertThat(img.statistics().min()).isEqualTo(e.get("min").asDouble());
        assertThat(img.statistics().max()).isEqualTo(e.get("max").asDouble());
        double sum = e.get("sum").asDouble();
        assertThat(img.statistics().sum()).isCloseTo(sum, within(Math.abs(sum) * 1e-12 + 1e-9));
        assertThat(img.statistics().count()).isEqualTo(v.data().length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void refused(String name, String reason) {
        Path f = dir().resolve(name);
        assertThatThrownBy(() -> MetaImage.read(f))
                .isInstanceOf(MetaImageFormatException.class)
                .hasMessageStartingWith(f.toString())
                .hasMessageContaining(reason)
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("\n"));
    }

    static String sha256(float[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
