package dev.fess.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.npy.Npy;
import dev.fess.npy.NpyArray;
import dev.fess.npy.NpyDtype;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path tmp;

    @Test
    void brats() throws IOException {
        Path root = TestDatasets.brats(tmp.resolve("brats"), 3);
        FolderDataset ds = Datasets.open(root, null, List.of());
        assertThat(ds.layout()).isEqualTo(Layout.BRATS);
        assertThat(ds.modality()).isEqualTo(Modality.MRI);
        assertThat(ds.channelNames()).containsExactly("flair", "t1", "t1ce", "t2");
        assertThat(ds.labelNames()).containsOnlyKeys(0, 1, 2, 3, 4);
        assertThat(ds.trainingCases())
                .extracting(CaseFiles::id)
                .containsExactly("BraTS20_Training_001", "BraTS20_Training_002", "BraTS20_Training_003");
        assertThat(ds.testCases()).isEmpty();
        LoadedCase c = ds.load(ds.trainingCases().get(1));
        assertThat(c.image().channels()).isEqualTo(4);
        assertThat(c.image().get(0, 0, 0, 2)).isEqualTo(1 * 1000 + 2 * 100);
        assertThat(c.label().data())
                .isEqualTo(TestDatasets.label(1, 0, 0, 0, 1, 2, 4).data());
        assertThat(c.image().affine().maxAbsDifference(TestDatasets.AFFINE)).isLessThan(1e-6);
        assertThat(ds.scanProblems()).isEmpty();
    }

    @Test
    void channelSelectionIsCaseInsensitiveAndOrdered() throws IOException {
        Path root = TestDatasets.brats(tmp.resolve("brats"), 1);
        FolderDataset ds = Datasets.open(root, Layout.BRATS, List.of("T2", "FLAIR"));
        assertThat(ds.channelNames()).containsExactly("t2", "flair");
        Volume img = ds.load(ds.trainingCases().get(0)).image();
        assertThat(img.channels()).isEqualTo(2);
        assertThat(img.get(0, 0, 0, 0)).isEqualTo(300);
        assertThat(img.get(0, 0, 0, 1)).isEqualTo(0);
        assertThatThrownBy(() -> Datasets.open(root, null, List.of("dwi")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("'dwi'")
                .hasMessageContaining("available: flair, t1, t1ce, t2");
    }

    @Test
    void bratsCaseFoldersOneLevelDownAndWithoutSegmentation() throws IOException {
        Path root = tmp.resolve("brats17");
        TestDatasets.brats(root.resolve("HGG"), 2);
        Path lgg = root.resolve("LGG/Brats17_TCIA_101_1");
        for (String ch : List.of("flair", "t1", "t1ce", "t2")) {
            TestDatasets.nii(
                    lgg.resolve("Brats17_TCIA_101_1_" + ch + ".nii"), TestDatasets.image(5, 0), NiftiDatatype.FLOAT32);
        }
        FolderDataset ds = Datasets.open(root, null, List.of());
        assertThat(ds.layout()).isEqualTo(Layout.BRATS);
        assertThat(ds.trainingCases()).hasSize(2);
        assertThat(ds.testCases()).extracting(CaseFiles::id).containsExactly("Brats17_TCIA_101_1");
    }

    @Test
    void bratsRegionsMappingOnTheBratsLayout() throws IOException {
        FolderDataset ds = Datasets.open(TestDatasets.brats(tmp.resolve("b"), 1), null, List.of());
        LabelMapping m = LabelMappings.byName("brats-regions", ds);
        assertThat(List.of(m.classOf(1), m.classOf(2), m.classOf(3), m.classOf(4)))
                .containsExactly(1, 2, 1, 3);
    }

    @Test
    void msdWith4dImages() throws IOException {
        FolderDataset ds = Datasets.open(TestDatasets.msd(tmp.resolve("Task01"), 2, false), null, List.of());
        assertThat(ds.layout()).isEqualTo(Layout.MSD);
        assertThat(ds.channelNames()).containsExactly("FLAIR", "T1w");
        assertThat(ds.modality()).isEqualTo(Modality.MRI);
        assertThat(ds.labelNames()).containsEntry(1, "edema").containsEntry(2, "enhancing");
        assertThat(ds.trainingCases()).extracting(CaseFiles::id).containsExactly("case_000", "case_001");
        assertThat(ds.testCases()).extracting(CaseFiles::id).containsExactly("test_000");
        LoadedCase c = ds.load(ds.trainingCases().get(1));
        assertThat(c.image().channels()).isEqualTo(2);
        assertThat(c.image().get(0, 0, 0, 1)).isEqualTo(1100);
        FolderDataset t1 = Datasets.open(tmp.resolve("Task01"), null, List.of("t1w"));
        Volume only = t1.load(t1.trainingCases().get(1)).image();
        assertThat(only.channels()).isEqualTo(1);
        assertThat(only.get(0, 0, 0)).isEqualTo(1100);
        assertThat(t1.load(t1.testCases().get(0)).label()).isNull();
    }

    @Test
    void nnunetV2WithPerChannelFiles() throws IOException {
        FolderDataset ds = Datasets.open(TestDatasets.msd(tmp.resolve("Dataset001"), 2, true), null, List.of());
        assertThat(ds.layout()).isEqualTo(Layout.MSD);
        assertThat(ds.modality()).isEqualTo(Modality.CT);
        assertThat(ds.channelNames()).containsExactly("CT", "venous");
        assertThat(ds.labelNames())
                .containsExactly(Map.entry(0, "background"), Map.entry(1, "liver"), Map.entry(2, "tumour"));
        assertThat(ds.trainingCases().get(0).images()).hasSize(2);
        assertThat(ds.testCases()).extracting(CaseFiles::id).containsExactly("test_000");
        assertThat(ds.load(ds.trainingCases().get(0)).image().get(0, 0, 0, 1)).isEqualTo(100);
    }

    @Test
    void abdomenCt() throws IOException {
        FolderDataset ds = Datasets.open(TestDatasets.abdomen(tmp.resolve("abd"), 2), null, List.of());
        assertThat(ds.layout()).isEqualTo(Layout.ABDOMENCT);
        assertThat(ds.modality()).isEqualTo(Modality.CT);
        assertThat(ds.channelNames()).containsExactly("CT");
        assertThat(ds.labelNames().values()).containsExactly("background", "liver", "kidney", "spleen", "pancreas");
        assertThat(ds.trainingCases()).extracting(CaseFiles::id).containsExactly("Case_00001", "Case_00002");
        assertThat(ds.testCases()).extracting(CaseFiles::id).containsExactly("Case_09999");
        assertThat(LabelMappings.byName("abdomen-organs", ds).classOf(3)).isEqualTo(3);
    }

    @Test
    void npyFoldersPairByNameNotOrder() throws IOException {
        Path root = TestDatasets.npy(tmp.resolve("npy"), 12);
        FolderDataset ds = Datasets.open(root, null, List.of());
        assertThat(ds.layout()).isEqualTo(Layout.NPY);
        assertThat(ds.channelNames()).containsExactly("flair");
        assertThat(ds.modality()).isEqualTo(Modality.MRI);
        // sorted ids: 0, 1, 10, 11, 2, ...: case "10" must still get mask_10
        CaseFiles c10 = ds.trainingCases().stream()
                .filter(c -> c.id().equals("10"))
                .findFirst()
                .orElseThrow();
        assertThat(c10.label().getFileName().toString()).isEqualTo("mask_10.npy");
        LoadedCase l = ds.load(c10);
        assertThat(l.image().get(0, 0, 0)).isEqualTo(10_000);
        assertThat(l.label().data()).isEqualTo(TestDatasets.label(10, 0, 0, 1).data());
        assertThat(l.image().spacing()).containsExactly(1, 1, 1);
        FolderDataset spaced = Datasets.open(root, Layout.NPY, List.of(), new double[] {2, 2, 3});
        assertThat(spaced.load(spaced.trainingCases().get(0)).image().spacing()).containsExactly(2, 2, 3);
    }

    @Test
    void npyOneHotMasksAndDatasetJson() throws IOException {
        Path root = tmp.resolve("npy");
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        float[] img = new float[2 * 2 * 2 * 3];
        float[] oneHot = new float[2 * 2 * 2 * 4];
        for (int v = 0; v < 8; v++) {
            oneHot[v * 4 + (v % 4)] = 1; // voxel v has class v % 4
        }
        Npy.write(root.resolve("images/a.npy"), new NpyArray(new int[] {2, 2, 2, 3}, NpyDtype.FLOAT32, img));
        Npy.write(root.resolve("masks/a.npy"), new NpyArray(new int[] {2, 2, 2, 4}, NpyDtype.FLOAT32, oneHot));
        FolderDataset ds = Datasets.open(root, null, List.of());
        assertThat(ds.channelNames()).containsExactly("channel0", "channel1", "channel2");
        assertThat(ds.labelNames()).containsOnlyKeys(0, 1, 2, 3);
        Volume label = ds.load(ds.trainingCases().get(0)).label();
        assertThat(label.channels()).isEqualTo(1);
        // C order: voxel v = (i*2 + j)*2 + k
        assertThat(label.get(1, 0, 1)).isEqualTo(((1 * 2 + 0) * 2 + 1) % 4);
        Files.writeString(
                root.resolve("dataset.json"),
                "{\"channel_names\": {\"0\": \"flair\", \"1\": \"t1ce\","
                        + " \"2\": \"t2\"}, \"labels\": {\"0\": \"background\", \"1\": \"NCR\","
                        + " \"2\": \"ED\", \"3\": \"ET\"},"
                        + " \"spacing\": [1, 1, 2]}");
        FolderDataset named = Datasets.open(root, null, List.of("t2"));
        assertThat(named.channelNames()).containsExactly("t2");
        assertThat(named.load(named.trainingCases().get(0)).image().spacing()).containsExactly(1, 1, 2);
        assertThat(LabelMappings.byName("brats-regions", named).classOf(3)).isEqualTo(3);
    }

    @Test
    void detectionErrorsNameTheFolder() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> Datasets.open(empty, null, List.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessage(empty + ": the dataset folder is empty");
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "hi");
        assertThatThrownBy(() -> Datasets.open(other, null, List.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(other + ": unrecognised dataset layout")
                .hasMessageContaining("dataset.json")
                .hasMessageContaining("_flair");
        assertThatThrownBy(() -> Datasets.open(tmp.resolve("nope"), null, List.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("no such dataset folder");
        assertThatThrownBy(() -> Datasets.open(other, Layout.BRATS, List.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("no BRATS cases found");
        assertThat(Datasets.layoutByName("nnU-Net")).isEqualTo(Layout.MSD);
        assertThatThrownBy(() -> Datasets.layoutByName("kits")).isInstanceOf(UserInputException.class);
    }
}
