package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InfoCommandTest {
    static final Path FIXTURES = Path.of("..", "fess-core", "src", "test", "resources", "nifti");

    @TempDir
    Path tmp;

    @Test
    void jsonMatchesTheFixtureDescription() {
        String name = "float64_sform_ext.nii.gz";
        JsonNode want = JsonMapper.builder()
                .build()
                .readTree(FIXTURES.resolve("expected.json").toFile())
                .get("files")
                .get(name);
        JsonNode v0 = want.get("values").get(0);
        String at = v0.get("index").get(0).asInt() + ","
                + v0.get("index").get(1).asInt() + "," + v0.get("index").get(2).asInt();
        CliRun r = run("info", FIXTURES.resolve(name).toString(), "--json", "--at", at, "--at", "0,0,0");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode got = JsonMapper.builder().build().readTree(r.out());
        for (String key : new String[] {
            "shape", "datatype", "spacing", "affine", "orientation", "nifti_version", "min", "max", "mean", "sum", "at"
        }) {
            assertThat(got.has(key)).as(key).isTrue();
        }
        assertThat(got.get("shape").toString()).isEqualTo(want.get("shape").toString());
        assertThat(got.get("datatype").asString()).isEqualTo("float64");
        assertThat(got.get("nifti_version").asInt()).isEqualTo(1);
        assertThat(got.get("orientation").asString()).isEqualTo("RAS");
        double sum = want.get("sum").asDouble();
        assertThat(got.get("sum").asDouble()).isCloseTo(sum, within(Math.abs(sum) * 1e-9));
        assertThat(got.get("min").asDouble()).isEqualTo(want.get("min").asDouble());
        assertThat(got.get("mean").asDouble()).isCloseTo(sum / (9 * 8 * 7), within(1e-12));
        for (int r0 = 0; r0 < 4; r0++) {
            for (int c = 0; c < 4; c++) {
                assertThat(got.get("affine").get(r0).get(c).asDouble())
                        .isCloseTo(want.get("affine").get(r0).get(c).asDouble(), within(1e-5));
            }
        }
        assertThat(got.get("at").size()).isEqualTo(2);
        assertThat(got.get("at").get(0).get("value").asDouble())
                .isCloseTo(v0.get("value").asDouble(), within(1e-7));
    }

    @Test
    void textShowsGeometryAndValues() throws IOException {
        Path f = tmp.resolve("lps.nii.gz");
        float[] d = new float[24];
        d[1 + 2 * (2 + 3 * 3)] = 42.5f;
        Nifti.write(f, new Volume(2, 3, 4, 1, d, Affine.scaling(-1.5, -1.5, 3)), NiftiDatatype.FLOAT32);
        CliRun r = run("info", f.toString(), "--at", "1,2,3", "--at", "0,0,0");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("LPS")
                .contains("2×3×4")
                .contains("float32")
                .contains("NIfTI-1")
                .contains("at [1, 2, 3] 42.5")
                .contains("sum          42.5")
                .contains("max          42.5");
    }

    @Test
    void fourDimensionalIndex() throws IOException {
        Path f = tmp.resolve("c.nii");
        float[] d = new float[2 * 2 * 2 * 3];
        d[d.length - 1] = 7;
        Nifti.write(f, new Volume(2, 2, 2, 3, d, null), NiftiDatatype.UINT8);
        CliRun r = run("info", f.toString(), "--json", "--at", "1,1,1,2");
        JsonNode got = JsonMapper.builder().build().readTree(r.out());
        assertThat(got.get("shape").toString()).isEqualTo("[2,2,2,3]");
        assertThat(got.get("at").get(0).get("value").asDouble()).isEqualTo(7);
    }

    @Test
    void badFileGivesOneLineAndExitCode2() {
        Path f = FIXTURES.resolve("bad_truncated_gzip.nii.gz");
        CliRun r = run("info", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("fess info: " + f + ": ").endsWith("\n");
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void missingFileAndBadIndexAreUserErrors() throws IOException {
        CliRun missing = run("info", tmp.resolve("nope.nii").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("fess info: no such file");
        Path f = tmp.resolve("s.nii");
        Nifti.write(f, Volume.zeros(2, 2, 2, 1, null), NiftiDatatype.UINT8);
        CliRun bad = run("info", f.toString(), "--at", "2,0,0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("fess info: --at 2,0,0: index 2 is outside 0..1");
        Files.delete(f);
    }
}
