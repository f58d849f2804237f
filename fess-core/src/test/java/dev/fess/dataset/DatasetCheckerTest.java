package dev.fess.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.npy.Npy;
import dev.fess.npy.NpyArray;
import dev.fess.npy.NpyDtype;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class DatasetCheckerTest {
    @TempDir
    Path tmp;

    private static List<String> lines(CheckReport r) {
        return r.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void cleanBratsDatasetAndItsSummary() throws IOException {
        Path root = TestDatasets.brats(tmp.resolve("b"), 3);
        List<Integer> progress = new ArrayList<>();
        CheckReport r = DatasetChecker.check(root, null, progress::add);
        assertThat(r.problems()).isEmpty();
        assertThat(r.clean()).isTrue();
        assertThat(progress).containsExactly(1, 2, 3);
        assertThat(r.cases()).isEqualTo(3);
        Map<Integer, Long> expected = new TreeMap<>();
        for (int c = 0; c < 3; c++) {
            for (float v : TestDatasets.label(c, 0, 0, 0, 1, 2, 4).data()) {
                expected.merge((int) v, 1L, Long::sum);
            }
        }
        assertThat(r.summary().labelVoxels()).isEqualTo(expected);
        assertThat(r.summary().orientations()).containsExactly(Map.entry("LPS", 3));
        assertThat(r.summary().sizeMin()).containsExactly(8, 8, 6);
        assertThat(r.summary().spacingMax()[2]).isCloseTo(1.5, Offset.offset(1e-6));
        assertThat(r.summaryLines()).contains("cases: 3 (3 labelled, 0 unlabelled)", "no problems found");
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertThat(json.get("cases").asInt()).isEqualTo(3);
        assertThat(json.get("problems").isEmpty()).isTrue();
        assertThat(json.get("summary").get("labelVoxels").get("4").asLong()).isEqualTo(expected.get(4));
    }

    @Test
    void brokenBratsCopyReportsEachProblemByName() throws IOException {
        Path root = TestDatasets.brats(tmp.resolve("b"), 6);
        // 1: missing channel
        Files.delete(root.resolve("BraTS20_Training_001/BraTS20_Training_001_t1ce.nii.gz"));
        // 2: shape mismatch of a channel
        TestDatasets.nii(
                root.resolve("BraTS20_Training_002/BraTS20_Training_002_t2.nii.gz"),
                Volume.zeros(8, 8, 5, 1, TestDatasets.AFFINE),
                NiftiDatatype.FLOAT32);
        // 3: label affine shifted by 0.5 mm
        Volume seg3 = TestDatasets.label(2, 0, 1);
        double[] a = TestDatasets.AFFINE.toArray();
        a[3] += 0.5;
        TestDatasets.nii(
                root.resolve("BraTS20_Training_003/BraTS20_Training_003_seg.nii.gz"),
                seg3.withAffine(Affine.of(a)),
                NiftiDatatype.UINT8);
        // 4: label 7
        Volume seg4 = TestDatasets.label(3, 0, 1, 2, 4);
        seg4.set(1, 2, 3, 0, 7);
        TestDatasets.nii(
                root.resolve("BraTS20_Training_004/BraTS20_Training_004_seg.nii.gz"), seg4, NiftiDatatype.UINT8);
        // 5: a NaN voxel in FLAIR
        Volume flair = TestDatasets.image(4, 0);
        flair.set(0, 0, 0, 0, Float.NaN);
        TestDatasets.nii(
                root.resolve("BraTS20_Training_005/BraTS20_Training_005_flair.nii.gz"), flair, NiftiDatatype.FLOAT32);
        // 6: duplicate id, a copy of case 6 one level down
        Path dup = root.resolve("extra/BraTS20_Training_006");
        Files.createDirectories(dup);
        for (Path f : Datasets.list(root.resolve("BraTS20_Training_006"))) {
            Files.copy(f, dup.resolve(f.getFileName()));
        }
        CheckReport r = DatasetChecker.check(root, null, null);
        List<String> l = lines(r);
        assertThat(l)
                .contains(
                        "problem: BraTS20_Training_001: BraTS20_Training_001/BraTS20_Training_001_t1ce.nii.gz:"
                                + " missing channel t1ce",
                        "problem: BraTS20_Training_002: BraTS20_Training_002/BraTS20_Training_002_t2.nii.gz:"
                                + " image shape 8×8×5 differs from 8×8×6 of"
                                + " BraTS20_Training_002/BraTS20_Training_002_flair.nii.gz",
                        "problem: BraTS20_Training_004: BraTS20_Training_004/BraTS20_Training_004_seg.nii.gz:"
                                + " label value 7 (1 voxels) is not declared (declared: 0, 1, 2, 3, 4)",
                        "problem: BraTS20_Training_005: BraTS20_Training_005/BraTS20_Training_005_flair.nii.gz:"
                                + " 1 NaN or infinite voxel",
                        "problem: BraTS20_Training_006: extra/BraTS20_Training_006: duplicate case id (also in"
                                + " BraTS20_Training_006)");
        assertThat(l)
                .anyMatch(s -> s.startsWith("problem: BraTS20_Training_003: "
                        + "BraTS20_Training_003/BraTS20_Training_003_seg.nii.gz: label affine differs from that of "
                        + "BraTS20_Training_003/BraTS20_Training_003_flair.nii.gz by 0.5"));
        assertThat(l).hasSize(6);
        assertThat(r.clean()).isFalse();
        // the incomplete case is left out of training but still checked
        assertThat(Datasets.open(root, null, List.of()).trainingCases()).hasSize(5);
        assertThat(Datasets.open(root, null, List.of("flair")).trainingCases()).hasSize(6);
    }

    @Test
    void datasetJsonPathOutsideTheFolderIsRefusedByName() throws IOException {
        Path root = TestDatasets.msd(tmp.resolve("Task"), 2, false);
        String json = Files.readString(root.resolve("dataset.json"))
                .replace("./imagesTr/case_001.nii.gz", "../../etc/passwd");
        Files.writeString(root.resolve("dataset.json"), json);
        CheckReport r = DatasetChecker.check(root, null, null);
        assertThat(lines(r))
                .containsExactly("problem: dataset: dataset.json: training[1].image '../../etc/passwd' points outside"
                        + " the dataset folder");
        assertThat(r.trainingCases()).isEqualTo(1);
    }

    @Test
    void msdFourDImageWithTheWrongChannelCountAndMissingLabel() throws IOException {
        Path root = TestDatasets.msd(tmp.resolve("Task"), 3, false);
        TestDatasets.nii(root.resolve("imagesTr/case_000.nii.gz"), TestDatasets.image(0, 0), NiftiDatatype.FLOAT32);
        Files.delete(root.resolve("labelsTr/case_002.nii.gz"));
        List<String> l = lines(DatasetChecker.check(root, null, null));
        assertThat(l)
                .containsExactlyInAnyOrder(
                        "problem: case_002: labelsTr/case_002.nii.gz: missing label file",
                        "problem: case_000: imagesTr/case_000.nii.gz: has 1 channels, the dataset declares 2"
                                + " (FLAIR, T1w)");
    }

    @Test
    void nnunetMissingChannelAndImageWithoutLabel() throws IOException {
        Path root = TestDatasets.msd(tmp.resolve("D"), 2, true);
        Files.delete(root.resolve("imagesTr/case_001_0001.nii.gz"));
        TestDatasets.nii(
                root.resolve("imagesTr/case_009_0000.nii.gz"), TestDatasets.image(9, 0), NiftiDatatype.FLOAT32);
        List<String> l = lines(DatasetChecker.check(root, null, null));
        assertThat(l)
                .containsExactlyInAnyOrder(
                        "problem: case_001: imagesTr/case_001_0001.nii.gz: missing channel venous",
                        "problem: case_009: imagesTr/case_009_0000.nii.gz: image without a label in labelsTr/");
    }

    @Test
    void abdomenMaskWithoutImageAndUnreadableFile() throws IOException {
        Path root = TestDatasets.abdomen(tmp.resolve("A"), 2);
        TestDatasets.nii(root.resolve("Mask/Case_00077.nii.gz"), TestDatasets.label(1, 0, 1), NiftiDatatype.UINT8);
        Files.writeString(root.resolve("Image/Case_00002_0000.nii.gz"), "not a nifti file");
        List<String> l = lines(DatasetChecker.check(root, null, null));
        assertThat(l).hasSize(2);
        assertThat(l.get(0))
                .isEqualTo("problem: Case_00077: Mask/Case_00077.nii.gz: mask without an image Case_00077_0000.nii.gz");
        assertThat(l.get(1)).startsWith("problem: Case_00002: Image/Case_00002_0000.nii.gz: cannot read: ");
    }

    @Test
    void npyDuplicateIdsAndNaNLabel() throws IOException {
        Path root = TestDatasets.npy(tmp.resolve("N"), 3);
        Files.copy(root.resolve("images/image_1.npy"), root.resolve("images/1.npy"));
        Volume bad = TestDatasets.label(2, 0, 1);
        bad.set(0, 0, 0, 0, Float.NaN);
        Npy.write(root.resolve("masks/mask_2.npy"), NpyArray.fromVolume(bad, NpyDtype.FLOAT32));
        List<String> l = lines(DatasetChecker.check(root, null, null));
        assertThat(l)
                .containsExactly(
                        "problem: 1: images/image_1.npy: duplicate case id (also images/1.npy)",
                        "problem: 2: masks/mask_2.npy: 1 NaN or infinite voxel in the label");
    }

    @Test
    void emptyFolderIsUnusableInput() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> DatasetChecker.check(empty, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("empty");
    }
}
