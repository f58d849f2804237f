package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

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
import tools.jackson.databind.ObjectMapper;

class DatasetCheckCommandTest {
    @TempDir
    Path tmp;

    /** Two AbdomenCT-1K cases, 6×5×4, labels 0–4. */
    private Path abdomen() throws IOException {
        Path root = tmp.resolve("abd");
        Files.createDirectories(root.resolve("Image"));
        Files.createDirectories(root.resolve("Mask"));
        for (int c = 1; c <= 2; c++) {
            Volume img = Volume.zeros(6, 5, 4, 1, Affine.scaling(0.8, 0.8, 2.5));
            Volume seg = Volume.zeros(6, 5, 4, 1, Affine.scaling(0.8, 0.8, 2.5));
            for (int i = 0; i < seg.data().length; i++) {
                img.data()[i] = i - 50;
                seg.data()[i] = i % 5;
            }
            Nifti.write(root.resolve("Image/Case_0000" + c + "_0000.nii.gz"), img, NiftiDatatype.INT16);
            Nifti.write(root.resolve("Mask/Case_0000" + c + ".nii.gz"), seg, NiftiDatatype.UINT8);
        }
        return root;
    }

    @Test
    void cleanDatasetExitsZeroWithSummary() throws IOException {
        CliRun r = run("dataset", "check", abdomen().toString());
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "layout: abdomenct, modality CT",
                        "cases: 2 (2 labelled, 0 unlabelled)",
                        "channels: CT",
                        "label voxels: 0: 48, 1: 48, 2: 48, 3: 48, 4: 48",
                        "spacing (mm): 0.8 × 0.8 × 2.5",
                        "size (voxels): 6 × 5 × 4",
                        "orientations: RAS (2)",
                        "no problems found");
    }

    @Test
    void problemsExitOneAndAreListedOnePerLine() throws IOException {
        Path root = abdomen();
        Volume seg = Volume.zeros(6, 5, 4, 1, Affine.scaling(0.8, 0.8, 2.5));
        seg.data()[3] = 7;
        Nifti.write(root.resolve("Mask/Case_00002.nii.gz"), seg, NiftiDatatype.UINT8);
        CliRun r = run("dataset", "check", root.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("problem: Case_00002: Mask/Case_00002.nii.gz: label value 7 (1 voxels) is not"
                        + " declared (declared: 0, 1, 2, 3, 4)");
        CliRun j = run("dataset", "check", "--json", root.toString());
        assertThat(j.code()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(j.out());
        assertThat(json.get("cases").asInt()).isEqualTo(2);
        assertThat(json.get("problems").size()).isEqualTo(1);
        assertThat(json.get("problems").get(0).get("file").asString()).isEqualTo("Mask/Case_00002.nii.gz");
        assertThat(json.get("summary").get("labelVoxels").get("7").asLong()).isEqualTo(1);
    }

    @Test
    void unusableInputExitsTwoWithOneLine() throws IOException {
        CliRun missing = run("dataset", "check", tmp.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip())
                .isEqualTo("fess dataset check: no such dataset folder: " + tmp.resolve("nope"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun e = run("dataset", "check", empty.toString());
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err()).contains("the dataset folder is empty").doesNotContain("Exception");
        CliRun badLayout = run("dataset", "check", "--layout", "kits", abdomen().toString());
        assertThat(badLayout.code()).isEqualTo(2);
        assertThat(badLayout.err()).contains("unknown layout 'kits'");
    }
}
