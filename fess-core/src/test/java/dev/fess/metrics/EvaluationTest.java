package dev.fess.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EvaluationTest {
    @TempDir
    Path dir;

    final Map<Path, Volume> files = new HashMap<>();

    Evaluation.VolumeReader reader() {
        return p -> {
            Volume v = files.get(p);
            if (v == null) {
                throw new NoSuchFileException(p.toString());
            }
            return v;
        };
    }

    /** A 10×10×10 label volume with the given value on the voxel ranges i in [i0, i1), all j, k in [0, 4). */
    static Volume slab(Affine a, float[]... parts) {
        float[] d = new float[1000];
        for (float[] part : parts) {
            int value = (int) part[0];
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < 10; j++) {
                    for (int i = (int) part[1]; i < (int) part[2]; i++) {
                        d[i + 10 * (j + 10 * k)] = value;
                    }
                }
            }
        }
        return new Volume(10, 10, 10, 1, d, a);
    }

    CasePairing.CasePair pair(String name, Volume pred, Volume label) {
        Path p = dir.resolve("pred").resolve(name + ".nii.gz");
        Path l = dir.resolve("label").resolve(name + ".nii.gz");
        files.put(p, pred);
        files.put(l, label);
        return new CasePairing.CasePair(name, p, l);
    }

    @Test
    void defaultClassesAreTheLabelValuesAndSummaryStatisticsAreSampleStatistics() throws IOException {
        Affine a = Affine.scaling(1, 1, 2);
        // case a: class 1 perfect, class 2 half covered; case b: class 1 over-segmented, no class 2 anywhere;
        // case c: class 1 missed completely (distances undefined); 7 only in a prediction: scored as a class that is
        // empty in every label (issue 14: a prediction against an empty label is a false positive, never dropped).
        List<CasePairing.CasePair> pairs = List.of(
                pair(
                        "a",
                        slab(a, new float[] {1, 0, 2}, new float[] {2, 2, 4}),
                        slab(a, new float[] {1, 0, 2}, new float[] {2, 2, 6})),
                pair("b", slab(a, new float[] {1, 0, 4}, new float[] {7, 8, 9}), slab(a, new float[] {1, 0, 2})),
                pair("c", slab(a), slab(a, new float[] {1, 0, 2})));
        AtomicInteger done = new AtomicInteger();
        EvaluationReport r = Evaluation.builder()
                .reader(reader())
                .threads(2)
                .onCaseDone(n -> done.incrementAndGet())
                .build()
                .run(pairs);
        assertThat(done.get()).isEqualTo(3);
        assertThat(r.regions()).extracting(Region::name).containsExactly("1", "2", "7");
        SegmentationMetrics spurious = r.cases().get(1).byRegion().get("7");
        assertThat(spurious.dice()).isZero();
        assertThat(spurious.falsePositives()).isEqualTo(40); // i = 8, every j, k < 4
        assertThat(spurious.truePositives()).isZero();
        assertThat(spurious.hd95()).isNull();
        assertThat(spurious.distancesUndefined()).isTrue();
        assertThat(r.cases().get(0).byRegion().get("7").bothEmpty()).isTrue();
        assertThat(r.predictionsAgainstEmptyLabels())
                .containsExactly(
                        "b: class 7: 40 voxels predicted, none in the" + " label (Dice 0, distances undefined)");
        Map<String, SegmentationMetrics> ca = r.cases().get(0).byRegion();
        assertThat(ca.get("1").dice()).isEqualTo(1.0);
        assertThat(ca.get("2").dice()).isCloseTo(2.0 * 2 / (2 + 4), offset(1e-15));
        assertThat(r.cases().get(1).byRegion().get("2").bothEmpty()).isTrue();
        assertThat(r.cases().get(1).byRegion().get("1").dice()).isCloseTo(2.0 * 2 / (2 + 4), offset(1e-15));
        SegmentationMetrics missed = r.cases().get(2).byRegion().get("1");
        assertThat(missed.hd95()).isNull();
        assertThat(missed.dice()).isZero();

        EvaluationReport.RegionSummary s1 = r.summary().get(0);
        assertThat(s1.cases()).isEqualTo(3);
        assertThat(s1.undefinedDistances()).isEqualTo(1);
        EvaluationReport.Stat dice = s1.stats().get("dice");
        // dice values 1, 2/3, 0: mean 5/9, sample std sqrt(((4/9)² + (1/9)² + (5/9)²)/2), median 2/3
        assertThat(dice.n()).isEqualTo(3);
        assertThat(dice.mean()).isCloseTo(5.0 / 9, offset(1e-12));
        assertThat(dice.std()).isCloseTo(Math.sqrt((16.0 + 1 + 25) / 81 / 2), offset(1e-12));
        assertThat(dice.median()).isCloseTo(2.0 / 3, offset(1e-12));
        EvaluationReport.Stat hd95 = s1.stats().get("hd95");
        assertThat(hd95.n()).isEqualTo(2); // the missed case is not averaged in
        // case a: 0; case b: pred slab i<4 vs label i<2: the pred face at i=3 is 2 voxels from the label face i=1
        assertThat(r.cases().get(1).byRegion().get("1").hd()).isCloseTo(2.0, offset(1e-12));
        EvaluationReport.RegionSummary s2 = r.summary().get(1);
        assertThat(s2.bothEmpty()).isEqualTo(2); // cases b and c
        assertThat(s2.stats().get("dice").median()).isEqualTo(1.0);
    }

    /** Issue 14, point 6: every label empty, the prediction not: the case is scored, not dropped. */
    @Test
    void aPredictionAgainstAnEmptyLabelIsScoredNotDropped() throws IOException {
        Affine a = Affine.scaling(1, 1, 2);
        EvaluationReport r = Evaluation.builder()
                .reader(reader())
                .build()
                .run(List.of(pair("a", slab(a, new float[] {1, 0, 2}), slab(a)), pair("b", slab(a), slab(a))));
        assertThat(r.regions()).extracting(Region::name).containsExactly("1");
        SegmentationMetrics m = r.cases().get(0).byRegion().get("1");
        assertThat(m.dice()).isZero();
        assertThat(m.iou()).isZero();
        assertThat(m.falsePositives()).isEqualTo(80);
        assertThat(m.sensitivity()).isNull();
        assertThat(m.precision()).isZero();
        assertThat(m.hd95()).isNull();
        assertThat(m.hd()).isNull();
        assertThat(m.assd()).isNull();
        // empty against empty keeps its convention: every overlap score 1, distances 0
        SegmentationMetrics both = r.cases().get(1).byRegion().get("1");
        assertThat(both.bothEmpty()).isTrue();
        assertThat(both.dice()).isEqualTo(1.0);
        assertThat(both.hd95()).isEqualTo(0.0);
        EvaluationReport.RegionSummary s = r.summary().get(0);
        assertThat(s.undefinedDistances()).isEqualTo(1);
        assertThat(s.bothEmpty()).isEqualTo(1);
        assertThat(r.predictionsAgainstEmptyLabels())
                .containsExactly("a: class 1: 80 voxels predicted, none in the label (Dice 0, distances undefined)");
        assertThat(r.summaryTable()).contains("1 with undefined distances");
    }

    @Test
    void jsonAndCsvCarryConventionsRowsAndNulls() throws IOException {
        Affine a = Affine.scaling(1, 1, 1);
        List<CasePairing.CasePair> pairs = List.of(
                pair("x", slab(a, new float[] {1, 0, 3}), slab(a, new float[] {1, 1, 3})),
                pair("y", slab(a), slab(a, new float[] {1, 0, 3})));
        EvaluationReport r = Evaluation.builder()
                .reader(reader())
                .regions(Region.ofClasses(1))
                .threads(1)
                .build()
                .run(pairs);
        Path json = dir.resolve("out/metrics.json");
        Path csv = dir.resolve("out/metrics.csv");
        r.writeJson(json);
        r.writeCsv(csv);
        assertThat(dir.resolve("out/metrics.json.tmp")).doesNotExist();
        JsonNode root = JsonMapper.builder().build().readTree(json.toFile());
        assertThat(root.get("conventions").get("hd95").asString()).contains("percentile=95");
        JsonNode row = root.get("cases").get(0);
        for (String k : List.of(
                "case",
                "class",
                "dice",
                "iou",
                "precision",
                "sensitivity",
                "specificity",
                "hd95",
                "assd",
                "volume_diff_mm3")) {
            assertThat(row.has(k)).as(k).isTrue();
        }
        assertThat(row.get("case").asString()).isEqualTo("x");
        assertThat(row.get("dice").asDouble()).isCloseTo(2.0 * 80 / (120 + 80), offset(1e-12));
        assertThat(row.get("volume_diff_mm3").asDouble()).isEqualTo(40.0);
        JsonNode missed = root.get("cases").get(1);
        assertThat(missed.get("hd95").isNull()).isTrue();
        assertThat(missed.get("precision").isNull()).isTrue();
        JsonNode sum = root.get("summary").get("1");
        assertThat(sum.get("undefined_distances").asInt()).isEqualTo(1);
        assertThat(sum.get("hd95").get("n").asInt()).isEqualTo(1);
        assertThat(sum.get("hd95").get("std").isNull()).isTrue();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("case,class,dice,iou,precision");
        assertThat(lines.get(2)).startsWith("y,1,0.0,0.0,,");
        assertThat(r.summaryTable()).contains("dice").contains("1 with undefined distances");
    }

    @Test
    void refusesMismatchedShapeAffineAndNonIntegerLabels() throws IOException {
        Affine a = Affine.scaling(1, 1, 1);
        Volume small = new Volume(10, 10, 9, 1, new float[900], a);
        CasePairing.CasePair p1 = pair("s", small, slab(a));
        assertThatThrownBy(() -> Evaluation.builder().reader(reader()).build().run(List.of(p1)))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("pred/s.nii.gz has shape 10×10×9 but label")
                .hasMessageContaining("label/s.nii.gz has shape 10×10×10")
                .hasMessageNotContaining("\n");
        CasePairing.CasePair p2 = pair("t", slab(Affine.scaling(1, 1, 1.002)), slab(a));
        assertThatThrownBy(() -> Evaluation.builder().reader(reader()).build().run(List.of(p2)))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("different affines");
        CasePairing.CasePair p3 = pair("u", slab(Affine.scaling(1, 1, 1.0005)), slab(a));
        EvaluationReport ok = Evaluation.builder().reader(reader()).build().run(List.of(p3));
        assertThat(ok.cases()).hasSize(1);
        Volume frac = slab(a);
        frac.data()[3] = 0.5f;
        CasePairing.CasePair p4 = pair("v", frac, slab(a));
        assertThatThrownBy(() -> Evaluation.builder().reader(reader()).build().run(List.of(p4)))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("pred/v.nii.gz: label values must be integers");
    }

    @Test
    void pairsDirectoriesByCaseName() throws IOException {
        Path p = Files.createDirectories(dir.resolve("p"));
        Path l = Files.createDirectories(dir.resolve("l"));
        for (String n : List.of("case_001.nii.gz", "case_002.nii", "notes.txt")) {
            Files.writeString(p.resolve(n), "x");
        }
        for (String n : List.of("case_001.nii.gz", "case_002.nii.gz")) {
            Files.writeString(l.resolve(n), "x");
        }
        List<CasePairing.CasePair> pairs = CasePairing.pair(p, l);
        assertThat(pairs).extracting(CasePairing.CasePair::name).containsExactly("case_001", "case_002");
        assertThat(pairs.get(1).label()).isEqualTo(l.resolve("case_002.nii.gz"));

        Files.writeString(p.resolve("case_003.nii.gz"), "x");
        assertThatThrownBy(() -> CasePairing.pair(p, l))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("case_003.nii.gz has no label");
        Files.delete(p.resolve("case_003.nii.gz"));
        Files.writeString(l.resolve("case_004.nii.gz"), "x");
        Files.writeString(l.resolve("case_005.nii"), "x");
        assertThatThrownBy(() -> CasePairing.pair(p, l))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("2 label(s)")
                .hasMessageContaining("case_004, case_005");
        assertThatThrownBy(() -> CasePairing.pair(p.resolve("case_001.nii.gz"), l))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("both be files or both be directories");
        assertThatThrownBy(() -> CasePairing.pair(dir.resolve("nope"), l))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("--pred: no such file");
    }

    @Test
    void regionParsing() {
        assertThat(Region.parseClasses("1, 2,4", "--classes"))
                .extracting(Region::name)
                .containsExactly("1", "2", "4");
        assertThatThrownBy(() -> Region.parseClasses("1,x", "--classes")).hasMessageContaining("got '1,x'");
        assertThatThrownBy(() -> Region.parseClasses("0", "--classes")).hasMessageContaining("positive");
        assertThat(Region.parseRegions("brats", "--regions"))
                .extracting(Region::name)
                .containsExactly("WT", "TC", "ET");
        assertThatThrownBy(() -> Region.parseRegions("kits", "--regions")).hasMessageContaining("expects 'brats'");
        assertThat(Region.parseRegions("Foreground", "--regions")).containsExactly(Region.foreground());
    }

    /**
     * Organs 1–4 in the label, one "any organ" value 1 in the prediction: per value, organs 2–4 score 0 and the
     * mean is low; the foreground region scores the binary task: |P ∩ L| = 60 of |P| = 80 and |L| = 60 voxels
     * (i in [0, 6) of 10 × 4 slices … see slab), Dice = 2·240 / (320 + 240).
     */
    @Test
    void foregroundScoresAnyNonZeroValueAgainstAnyNonZeroValue() throws IOException {
        Affine a = Affine.identity();
        Volume label =
                slab(a, new float[] {1, 0, 2}, new float[] {2, 2, 3}, new float[] {3, 3, 4}, new float[] {4, 4, 6});
        Volume pred = slab(a, new float[] {1, 0, 8});
        List<CasePairing.CasePair> pairs = List.of(pair("c", pred, label));
        EvaluationReport perValue =
                Evaluation.builder().reader(reader()).threads(1).build().run(pairs);
        assertThat(perValue.cases().get(0).byRegion().get("2").dice()).isEqualTo(0.0);
        EvaluationReport fg = Evaluation.builder()
                .reader(reader())
                .regions(List.of(Region.foreground()))
                .threads(1)
                .build()
                .run(pairs);
        SegmentationMetrics m = fg.cases().get(0).byRegion().get("foreground");
        assertThat(m.dice()).isCloseTo(2.0 * 240 / (320 + 240), offset(1e-15));
        assertThat(fg.toJson().get("regions").get("foreground").asString()).isEqualTo("any non-zero");
        assertThat(Region.foreground().contains(65535)).isTrue();
        assertThat(Region.foreground().contains(0)).isFalse();
    }
}
