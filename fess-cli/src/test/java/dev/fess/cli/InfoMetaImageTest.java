package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code fess info} on ITK-written MetaImage fixtures agrees with what ITK read (expected.json). */
class InfoMetaImageTest {
    static final Path FIXTURES = Path.of("..", "fess-core", "src", "test", "resources", "metaimage");

    @Test
    void jsonMatchesItk() {
        String name = "short_oblique.mha";
        JsonNode want = JsonMapper.builder()
                .build()
                .readTree(FIXTURES.resolve("expected.json").toFile())
                .get("fixtures")
                .get(name);
        CliRun r = run("info", FIXTURES.resolve(name).toString(), "--json", "--at", "0,0,0", "--at", "5,4,3");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode got = JsonMapper.builder().build().readTree(r.out());
        assertThat(got.get("format").asString()).isEqualTo("metaimage");
        assertThat(got.get("element_type").asString()).isEqualTo("MET_SHORT");
        assertThat(got.get("shape").toString()).isEqualTo(want.get("shape").toString());
        assertThat(got.get("anatomical_orientation").asString()).isEqualTo("RAI");
        for (int row = 0; row < 4; row++) {
            for (int c = 0; c < 4; c++) {
                assertThat(got.get("affine").get(row).get(c).asDouble())
                        .isCloseTo(want.get("affine_ras").get(row).get(c).asDouble(), within(1e-12));
            }
        }
        assertThat(got.get("sum").asDouble()).isEqualTo(want.get("sum").asDouble());
        assertThat(got.get("min").asDouble()).isEqualTo(want.get("min").asDouble());
        assertThat(got.get("at").get(0).get("value").asDouble())
                .isEqualTo(want.get("samples").get("0").asDouble());
        assertThat(got.get("at").get(1).get("value").asDouble())
                .isEqualTo(
                        want.get("samples").get(String.valueOf(6 * 5 * 4 - 1)).asDouble());
    }

    @Test
    void textNamesTheFormatAndGeometry() {
        CliRun r = run("info", FIXTURES.resolve("ushort_compressed.mhd").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("MET_USHORT")
                .contains("zlib-compressed")
                .contains("ushort_compressed.zraw")
                .contains("orientation");
    }

    @Test
    void badFileIsOneLineExitTwo() {
        Path bad = FIXTURES.resolve("bad_truncated.mha");
        CliRun r = run("info", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .contains(bad.toString())
                .contains("cut short")
                .doesNotContain("\n");
    }
}
