package dev.fess.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Against scipy values stored by {@code src/test/resources/metrics/make_reference.py} (no Python needed here). */
class ScipyReferenceTest {
    static JsonNode reference;

    static JsonNode reference() throws IOException {
        if (reference == null) {
            try (InputStream in = ScipyReferenceTest.class.getResourceAsStream("/metrics/reference.json")) {
                reference = JsonMapper.builder().build().readTree(in);
            }
        }
        return reference;
    }

    static Stream<Integer> cases() throws IOException {
        return IntStream.range(0, reference().get("cases").size()).boxed();
    }

    static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asInt();
        }
        return r;
    }

    static double[] doubles(JsonNode a) {
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asDouble();
        }
        return r;
    }

    static boolean[] mask(int[] shape, JsonNode idx) {
        boolean[] m = new boolean[shape[0] * shape[1] * shape[2]];
        for (int i : ints(idx)) {
            m[i] = true;
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void surfaceDistancesMatchScipy(int index) throws IOException {
        JsonNode c = reference().get("cases").get(index);
        int[] shape = ints(c.get("shape"));
        double[] spacing = doubles(c.get("spacing"));
        boolean[] pred = mask(shape, c.get("pred"));
        boolean[] label = mask(shape, c.get("label"));
        assertThat(MaskSurface.borderVoxels(pred, shape))
                .hasSize(c.get("pred_surface_voxels").asInt());
        assertThat(MaskSurface.borderVoxels(label, shape))
                .hasSize(c.get("label_surface_voxels").asInt());
        SegmentationMetrics m = SegmentationMetrics.compute(pred, label, shape, spacing);
        assertThat(m.dice()).isCloseTo(c.get("dice").asDouble(), offset(1e-12));
        assertThat(m.hd95()).isCloseTo(c.get("hd95").asDouble(), offset(1e-6));
        assertThat(m.hd()).isCloseTo(c.get("hd").asDouble(), offset(1e-6));
        assertThat(m.assd()).isCloseTo(c.get("assd").asDouble(), offset(1e-6));
        double[] edt = DistanceTransform.distanceTransform(pred, shape, spacing);
        double sum = 0;
        double max = 0;
        for (double d : edt) {
            sum += d;
            max = Math.max(max, d);
        }
        assertThat(sum).isCloseTo(c.get("edt_of_pred").get("sum").asDouble(), offset(1e-7));
        assertThat(max).isCloseTo(c.get("edt_of_pred").get("max").asDouble(), offset(1e-9));
    }

    @Test
    void distanceTransformMatchesScipyVoxelByVoxel() throws IOException {
        JsonNode e = reference().get("edt");
        int[] shape = ints(e.get("shape"));
        double[] want = doubles(e.get("distances"));
        double[] got =
                DistanceTransform.distanceTransform(mask(shape, e.get("mask")), shape, doubles(e.get("spacing")));
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < want.length; i++) {
            if (Math.abs(got[i] - want[i]) > 1e-9) {
                bad.add(i + ": " + got[i] + " vs " + want[i]);
            }
        }
        assertThat(want).hasSize(9 * 8 * 7);
        assertThat(bad).isEmpty();
    }
}
