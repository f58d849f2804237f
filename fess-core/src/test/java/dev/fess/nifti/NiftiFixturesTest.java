package dev.fess.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every fixture written by nibabel matches expected.json; every bad_* file is refused. */
class NiftiFixturesTest {

    static Path dir() {
        try {
            return Path.of(NiftiFixturesTest.class
                            .getResource("/nifti/expected.json")
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
        for (Map.Entry<String, JsonNode> e : expected().get("files").properties()) {
            out.add(Arguments.of(e.getKey(), e.getValue()));
        }
        return out.stream();
    }

    static Stream<String> badFiles() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : expected().get("malformed").properties()) {
            out.add(e.getKey());
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void matchesNibabel(String name, JsonNode e) throws IOException {
        NiftiImage img = Nifti.read(dir().resolve(name));
        NiftiHeader h = img.header();
        Volume v = img.volume();

        assertThat(h.version()).isEqualTo(e.get("nifti_version").asInt());
        JsonNode shape = e.get("shape");
        assertThat(h.ndim()).isEqualTo(shape.size());
        long[] full = h.fullShape();
        for (int d = 0; d < shape.size(); d++) {
            assertThat(full[d]).as("dim %d", d + 1).isEqualTo(shape.get(d).asLong());
        }
        assertThat(v.nx()).isEqualTo(shape.get(0).asInt());
        assertThat(v.ny()).isEqualTo(shape.get(1).asInt());
        assertThat(v.nz()).isEqualTo(shape.get(2).asInt());
        assertThat(v.channels()).isEqualTo(shape.size() > 3 ? shape.get(3).asInt() : 1);
        assertThat(h.datatype().code()).isEqualTo(e.get("datatype_code").asInt());
        assertThat(h.qformCode()).isEqualTo(e.get("qform_code").asInt());
        assertThat(h.sformCode()).isEqualTo(e.get("sform_code").asInt());

        JsonNode pixdim = e.get("pixdim");
        double[] pd = h.pixdim();
        for (int d = 0; d < pixdim.size(); d++) {
            assertThat(pd[d + 1])
                    .as("pixdim[%d]", d + 1)
                    .isCloseTo(pixdim.get(d).asDouble(), within(1e-6));
        }

        Affine a = v.affine();
        JsonNode aff = e.get("affine");
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(a.get(r, c))
                        .as("affine[%d][%d]", r, c)
                        .isCloseTo(aff.get(r).get(c).asDouble(), within(1e-5));
            }
        }

        NiftiStatistics s = img.statistics();
        boolean float64 = h.datatype() == NiftiDatatype.FLOAT64;
        double min = e.get("min").asDouble(),
                max = e.get("max").asDouble(),
                sum = e.get("sum").asDouble();
        assertThat(s.min()).isCloseTo(min, within(float64 ? 0 : Math.abs(min) * 1e-7));
        assertThat(s.max()).isCloseTo(max, within(float64 ? 0 : Math.abs(max) * 1e-7));
        assertThat(s.sum()).isCloseTo(sum, within(Math.abs(sum) * (float64 ? 1e-9 : 1e-9) + 1e-9));
        assertThat(s.nanCount()).isZero();
        assertThat(s.count()).isEqualTo(v.data().length);

        // The statistics of the float copy agree to float precision (independent of the decoder's own sums).
        NiftiStatistics fromFloats = NiftiStatistics.of(v.data());
        assertThat(fromFloats.min()).isCloseTo(min, within(Math.abs(min) * 1e-6));
        assertThat(fromFloats.max()).isCloseTo(max, within(Math.abs(max) * 1e-6));

        for (JsonNode p : e.get("values")) {
            JsonNode idx = p.get("index");
            int c = idx.size() > 3 ? idx.get(3).asInt() : 0;
            float got = v.get(idx.get(0).asInt(), idx.get(1).asInt(), idx.get(2).asInt(), c);
            double want = p.get("value").asDouble();
            assertThat((double) got).as("value at %s", idx).isCloseTo(want, within(Math.abs(want) * 1e-7));
            assertThat(got).isEqualTo((float) want);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFileIsRefused(String name) {
        Path file = dir().resolve(name);
        assertThatThrownBy(() -> Nifti.read(file))
                .isInstanceOf(NiftiFormatException.class)
                .hasMessageStartingWith(file + ": ")
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("\n"));
    }
}
