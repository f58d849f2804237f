package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Datasets;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EvaluateCommandTest {
    @TempDir
    Path dir;

    /** A 12×12×8 label map: a box of {@code value} over i in [i0, i1), j in [2, 10), k in [2, 6). */
    static Volume box(Affine a, int nz, int value, int i0, int i1) {
        Volume v = Volume.zeros(12, 12, nz, 1, a);
        for (int k = 2; k < 6; k++) {
            for (int j = 2; j < 10; j++) {
                for (int i = i0; i < i1; i++) {
                    v.set(i, j, k, 0, value);
                }
            }
        }
        return v;
    }

    /**
     * AbdomenCT-1K with {@code abdomen-binary}: the prediction is one "any organ" value 1. Scored per raw value,
     * kidney, spleen and pancreas get Dice 0 against it; scored by the mapping (or as foreground) a perfect
     * any-organ prediction gets Dice 1.
     */
    @Test
    void mappingAndForegroundScoreTheMergedClassesAsOne() throws IOException {
        Path data = dir.resolve("abdomen");
        CliRun synth = run("synth", "abdomen-ct", "--out", data.toString(), "--cases", "2", "--size", "24");
        assertThat(synth.code()).as(synth.err()).isZero();
        Path pred = Files.createDirectories(dir.resolve("pred"));
        for (CaseFiles c : Datasets.open(data, null, List.of()).trainingCases()) {
            Volume label = Nifti.readVolume(c.label());
            float[] any = label.data().clone();
            for (int i = 0; i < any.length; i++) {
                any[i] = any[i] != 0 ? 1 : 0;
            }
            Nifti.write(
                    pred.resolve(c.id() + ".nii.gz"),
                    new Volume(label.nx(), label.ny(), label.nz(), 1, any, label.affine()),
                    NiftiDatatype.UINT8);
        }
        Path perValue = dir.resolve("per-value.json");
        assertThat(run("evaluate", "--pred", pred.toString(), "--label", data.toString(), "--json", perValue.toString())
                        .code())
                .isZero();
        JsonNode pv = JsonMapper.builder().build().readTree(perValue.toFile()).get("summary");
        assertThat(pv.get("1").get("dice").get("mean").asDouble()).isLessThan(1.0);
        for (String organ : List.of("2", "3", "4")) {
            assertThat(pv.get(organ).get("dice").get("mean").asDouble())
                    .as(organ)
                    .isEqualTo(0.0);
        }
        for (String[] how : List.of(
                new String[] {"--mapping", "abdomen-binary", "organ"},
                new String[] {"--regions", "foreground", "foreground"})) {
            Path out = dir.resolve(how[2] + ".json");
            CliRun r = run(
                    "evaluate",
                    "--pred",
                    pred.toString(),
                    "--label",
                    data.toString(),
                    how[0],
                    how[1],
                    "--json",
                    out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode sum = JsonMapper.builder().build().readTree(out.toFile()).get("summary");
            assertThat(sum.propertyNames()).containsExactly(how[2]);
            assertThat(sum.get(how[2]).get("dice").get("mean").asDouble())
                    .as(how[1])
                    .isEqualTo(1.0);
        }
        CliRun bad = run(
                "evaluate",
                "--pred",
                pred.toString(),
                "--label",
                pred.resolve("x.nii.gz").toString(),
                "--mapping",
                "abdomen-binary");
        assertThat(bad.code()).isEqualTo(2);
    }

    @Test
    void evaluatesTwoFoldersAndWritesJsonAndCsv() throws IOException {
        Affine a = Affine.scaling(1.0, 1.0, 2.5);
        Path pred = Files.createDirectories(dir.resolve("pred"));
        Path lab = Files.createDirectories(dir.resolve("labels"));
        // case_a: prediction box i in [2, 8), label box i in [3, 8): the faces i=2 vs i=3 are 1 mm apart
        Nifti.write(pred.resolve("case_a.nii.gz"), box(a, 8, 1, 2, 8), NiftiDatatype.UINT8);
        Nifti.write(lab.resolve("case_a.nii.gz"), box(a, 8, 1, 3, 8), NiftiDatatype.UINT8);
        // case_b: identical
        Nifti.write(pred.resolve("case_b.nii"), box(a, 8, 1, 4, 9), NiftiDatatype.UINT8);
        Nifti.write(lab.resolve("case_b.nii.gz"), box(a, 8, 1, 4, 9), NiftiDatatype.UINT8);
        Path json = dir.resolve("out/m.json");
        Path csv = dir.resolve("out/m.csv");
        CliRun r = run(
                "evaluate",
                "--pred",
                pred.toString(),
                "--label",
                lab.toString(),
                "--json",
                json.toString(),
                "--csv",
                csv.toString(),
                "--threads",
                "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("dice").contains("hd95");
        JsonNode root = JsonMapper.builder().build().readTree(json.toFile());
        assertThat(root.has("conventions")).isTrue();
        JsonNode a0 = root.get("cases").get(0);
        assertThat(a0.get("case").asString()).isEqualTo("case_a");
        assertThat(a0.get("class").asString()).isEqualTo("1");
        // 6×8×4 = 192 predicted voxels, 5×8×4 = 160 label voxels, all inside the prediction
        assertThat(a0.get("dice").asDouble()).isCloseTo(2.0 * 160 / (192 + 160), offset(1e-12));
        assertThat(a0.get("iou").asDouble()).isCloseTo(160.0 / 192, offset(1e-12));
        assertThat(a0.get("precision").asDouble()).isCloseTo(160.0 / 192, offset(1e-12));
        assertThat(a0.get("sensitivity").asDouble()).isEqualTo(1.0);
        assertThat(a0.get("volume_diff_mm3").asDouble()).isCloseTo(32 * 2.5, offset(1e-9));
        assertThat(a0.get("hd").asDouble()).isCloseTo(1.0, offset(1e-9));
        assertThat(a0.get("hd95").asDouble()).isCloseTo(1.0, offset(1e-9));
        assertThat(a0.get("assd").asDouble()).isGreaterThan(0).isLessThan(1.0);
        JsonNode b0 = root.get("cases").get(1);
        assertThat(b0.get("case").asString()).isEqualTo("case_b");
        assertThat(b0.get("dice").asDouble()).isEqualTo(1.0);
        assertThat(b0.get("hd95").asDouble()).isZero();
        assertThat(root.get("summary").get("1").get("dice").get("n").asInt()).isEqualTo(2);
        assertThat(root.get("summary").get("1").get("dice").get("mean").asDouble())
                .isCloseTo((2.0 * 160 / 352 + 1) / 2, offset(1e-12));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("case_a,1,");
    }

    @Test
    void bratsRegionsOnSingleFiles() throws IOException {
        Affine a = Affine.scaling(1, 1, 1);
        Volume p = box(a, 8, 2, 2, 10);
        Volume l = box(a, 8, 2, 2, 10);
        l.set(5, 5, 3, 0, 4); // one enhancing voxel the prediction calls oedema
        Nifti.write(dir.resolve("p.nii.gz"), p, NiftiDatatype.UINT8);
        Nifti.write(dir.resolve("l.nii.gz"), l, NiftiDatatype.UINT8);
        Path json = dir.resolve("b.json");
        CliRun r = run(
                "evaluate",
                "--pred",
                dir.resolve("p.nii.gz").toString(),
                "--label",
                dir.resolve("l.nii.gz").toString(),
                "--regions",
                "brats",
                "--json",
                json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(json.toFile());
        assertThat(root.get("cases")).hasSize(3);
        assertThat(root.get("cases").get(0).get("class").asString()).isEqualTo("WT");
        assertThat(root.get("cases").get(0).get("dice").asDouble()).isEqualTo(1.0);
        JsonNode et = root.get("cases").get(2);
        assertThat(et.get("dice").asDouble()).isZero();
        assertThat(et.get("hd95").isNull()).isTrue();
        assertThat(root.get("summary").get("ET").get("undefined_distances").asInt())
                .isEqualTo(1);
    }

    @Test
    void mismatchedShapesExitTwoWithOneLine() throws IOException {
        Affine a = Affine.scaling(1, 1, 1);
        Path pred = Files.createDirectories(dir.resolve("pred"));
        Path lab = Files.createDirectories(dir.resolve("labels"));
        Nifti.write(pred.resolve("c.nii.gz"), box(a, 8, 1, 2, 8), NiftiDatatype.UINT8);
        Nifti.write(lab.resolve("c.nii.gz"), box(a, 9, 1, 2, 8), NiftiDatatype.UINT8);
        CliRun r = run("evaluate", "--pred", pred.toString(), "--label", lab.toString());
        assertThat(r.code()).isEqualTo(2);
        String line = r.err().strip();
        assertThat(line)
                .startsWith("fess evaluate: prediction ")
                .contains("c.nii.gz has shape 12×12×8 but label")
                .contains("12×12×9")
                .doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @Test
    void missingLabelAndBadClassesExitTwo() throws IOException {
        Affine a = Affine.scaling(1, 1, 1);
        Path pred = Files.createDirectories(dir.resolve("pred"));
        Path lab = Files.createDirectories(dir.resolve("labels"));
        Nifti.write(pred.resolve("x.nii.gz"), box(a, 8, 1, 2, 8), NiftiDatatype.UINT8);
        CliRun r = run("evaluate", "--pred", pred.toString(), "--label", lab.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("x.nii.gz has no label").doesNotContain("\n");
        CliRun c = run("evaluate", "--pred", pred.toString(), "--label", lab.toString(), "--classes", "1,a");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err().strip())
                .isEqualTo("fess evaluate: --classes expects comma-separated integer label values, got '1,a'");
    }

    /** Issue 14, point 6: a non-empty prediction against an empty label is scored and warned about. */
    @Test
    void aPredictionAgainstAnEmptyLabelIsScoredAndWarnedAbout() throws IOException {
        Affine a = Affine.scaling(1, 1, 2);
        Path pred = Files.createDirectories(dir.resolve("p"));
        Path label = Files.createDirectories(dir.resolve("l"));
        Nifti.write(pred.resolve("x.nii.gz"), box(a, 8, 1, 2, 6), NiftiDatatype.UINT8);
        Nifti.write(label.resolve("x.nii.gz"), Volume.zeros(12, 12, 8, 1, a), NiftiDatatype.UINT8);
        Path json = dir.resolve("e.json");
        CliRun r = run("evaluate", "--pred", pred.toString(), "--label", label.toString(), "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("fess evaluate: warning: x: class 1: 128 voxels predicted, none in the label (Dice 0,"
                        + " distances undefined)");
        JsonNode c = JsonMapper.builder()
                .build()
                .readTree(json.toFile())
                .get("cases")
                .get(0);
        assertThat(c.get("case").asString()).isEqualTo("x");
        assertThat(c.get("class").asString()).isEqualTo("1");
        assertThat(c.get("dice").asDouble()).isZero();
        assertThat(c.get("fp").asLong()).isEqualTo(128);
        assertThat(c.get("hd95").isNull()).isTrue();
        assertThat(r.out()).contains("1 with undefined distances");
    }
}
