package dev.fess.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.metrics.Region;
import dev.fess.metrics.SegmentationMetrics;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The regions evaluation scores for each label mapping: what was trained, in raw label values. */
class EvaluationRegionsTest {

    static Stream<Arguments> mappings() {
        return Stream.of(
                Arguments.of("abdomen-binary", LabelMappingsTest.ABDOMEN, "[organ[1, 2, 3, 4]]"),
                Arguments.of(
                        "abdomen-organs", LabelMappingsTest.ABDOMEN, "[liver[1], kidney[2], spleen[3], pancreas[4]]"),
                // BraTS 2015/2016: 3 = non-enhancing joins the core; ET is 4 only
                Arguments.of("brats-regions", LabelMappingsTest.BRATS, "[WT[1, 2, 3, 4], TC[1, 3, 4], ET[4]]"),
                Arguments.of(
                        "brats-regions",
                        Map.of(0, "background", 1, "necrotic", 2, "edema", 4, "enhancing"),
                        "[WT[1, 2, 4], TC[1, 4], ET[4]]"),
                Arguments.of("brats-regions", LabelMappingsTest.BRATS2023, "[WT[1, 2, 3], TC[1, 3], ET[3]]"),
                // Decathlon Task01: 1 edema, 2 non-enhancing, 3 enhancing: the core is {2, 3}, not {1, 3}
                Arguments.of("brats-regions", LabelMappingsTest.MSD_TASK01, "[WT[1, 2, 3], TC[2, 3], ET[3]]"),
                Arguments.of("brats-whole-tumour", LabelMappingsTest.BRATS, "[WT[1, 2, 3, 4]]"),
                // declared order (a sorted map here; Map.of has none)
                Arguments.of(
                        "dataset",
                        new TreeMap<>(Map.of(0, "background", 2, "tumour", 5, "cyst")),
                        "[tumour[2], cyst[5]]"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("mappings")
    void regionsAreTheTrainedStructuresInRawValues(String name, Map<Integer, String> labels, String expected) {
        assertThat(LabelMappings.byName(name, labels, "test")
                        .evaluationRegions()
                        .toString())
                .isEqualTo(expected);
    }

    /**
     * A model that predicts its classes perfectly writes {@code toRaw(toClasses(label))}: every region of the
     * mapping must then score Dice 1, and its voxel count must equal that of the trained classes.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("mappings")
    void aPerfectPredictionScoresDiceOneOnEveryRegion(String name, Map<Integer, String> labels, String ignored) {
        LabelMapping m = LabelMappings.byName(name, labels, "test");
        int[] declared =
                labels.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        Random rnd = new Random(7);
        int n = 6 * 5 * 4;
        float[] raw = new float[n];
        for (int v = 0; v < n; v++) {
            raw[v] = declared[rnd.nextInt(declared.length)];
        }
        Volume label = new Volume(6, 5, 4, 1, raw, Affine.identity());
        Volume classes = LabelMappings.toClasses(m, label, "test");
        Volume predicted = LabelMappings.toRaw(m, classes);
        List<int[]> trained = m.regions().isEmpty() ? singleClasses(m.numClasses()) : m.regions();
        List<Region> regions = Region.of(m.evaluationRegions());
        assertThat(regions).hasSameSizeAs(trained);
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            SegmentationMetrics s =
                    SegmentationMetrics.compute(r.mask(predicted), r.mask(label), label.shape(), label.spacing());
            assertThat(s.dice()).as(r.name()).isEqualTo(1.0);
            long inClasses = 0;
            for (float c : classes.data()) {
                for (int k : trained.get(i)) {
                    inClasses += c == k ? 1 : 0;
                }
            }
            long inRegion = 0;
            for (boolean b : r.mask(label)) {
                inRegion += b ? 1 : 0;
            }
            assertThat(inRegion).as(r.name()).isEqualTo(inClasses).isPositive();
        }
    }

    private static List<int[]> singleClasses(int numClasses) {
        List<int[]> l = new ArrayList<>();
        for (int c = 1; c < numClasses; c++) {
            l.add(new int[] {c});
        }
        return l;
    }
}
