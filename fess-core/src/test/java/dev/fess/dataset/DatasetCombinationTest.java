package dev.fess.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.synth.PhantomKind;
import dev.fess.synth.PhantomOptions;
import dev.fess.synth.SyntheticDatasetWriter;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two BraTS folders where the second holds two cases of the first again, re-saved with swapped and flipped axes
 * (as another tool or release would store them) under new ids, plus two cases of its own.
 */
class DatasetCombinationTest {
    @TempDir
    static Path dir;

    static Path first;
    static Path second;

    @BeforeAll
    static void write() throws IOException {
        first = dir.resolve("brats2016");
        second = dir.resolve("brats2017");
        PhantomOptions small = PhantomOptions.builder().size(16).build();
        SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .layout(Layout.BRATS)
                .cases(4)
                .seed(1)
                .options(small)
                .build()
                .write(first);
        SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .layout(Layout.BRATS)
                .cases(2)
                .seed(2)
                .options(small)
                .build()
                .write(second);
        FolderDataset a = Datasets.open(first, Layout.BRATS, List.of());
        for (int c : new int[] {0, 2}) {
            CaseFiles from = a.trainingCases().get(c);
            String id = "Brats17_copy_" + c;
            Path folder = Files.createDirectories(second.resolve(id));
            List<String> names = List.of("flair", "t1", "t1ce", "t2");
            for (int ch = 0; ch < 4; ch++) {
                Nifti.write(
                        folder.resolve(id + "_" + names.get(ch) + ".nii.gz"),
                        swapIjFlipK(Nifti.readVolume(from.images().get(ch))),
                        NiftiDatatype.FLOAT32);
            }
            Nifti.write(
                    folder.resolve(id + "_seg.nii.gz"),
                    swapIjFlipK(Nifti.readVolume(from.label())),
                    NiftiDatatype.UINT8);
        }
    }

    /** The same image on the same world grid, stored with i and j swapped and k reversed. */
    static Volume swapIjFlipK(Volume v) {
        int nx = v.ny();
        int ny = v.nx();
        int nz = v.nz();
        float[] d = new float[nx * ny * nz];
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    d[i + nx * (j + ny * k)] = v.get(j, i, nz - 1 - k);
                }
            }
        }
        Affine p = Affine.of(0, 1, 0, 0, 1, 0, 0, 0, 0, 0, -1, nz - 1, 0, 0, 0, 1);
        return new Volume(nx, ny, nz, 1, d, v.affine().multiply(p));
    }

    static List<DatasetSource> sources() {
        return List.of(
                new DatasetSource("brats2016", first, Layout.BRATS), new DatasetSource("brats2017", second, null));
    }

    @Test
    void casesPresentTwiceAreKeptOnceAndTheDropIsExplained() throws IOException {
        Path out = dir.resolve("combined");
        List<String> read = new ArrayList<>();
        DatasetCombination.Result r = DatasetCombination.combine(sources(), out, read::add);
        assertThat(read).hasSize(8);
        FolderDataset a = Datasets.open(first, Layout.BRATS, List.of());
        String c0 = "brats2016-" + a.trainingCases().get(0).id();
        String c2 = "brats2016-" + a.trainingCases().get(2).id();
        assertThat(r.dropped())
                .extracting(DatasetCombination.Dropped::id)
                .containsExactly("brats2017-Brats17_copy_0", "brats2017-Brats17_copy_2");
        assertThat(r.dropped())
                .extracting(DatasetCombination.Dropped::duplicateOf)
                .containsExactly(c0, c2);
        assertThat(r.dropped().get(0).reason()).startsWith("brats2017-Brats17_copy_0: same label voxels as " + c0);
        assertThat(r.labelledPerSource()).containsEntry("brats2016", 4).containsEntry("brats2017", 2);

        FolderDataset combined = Datasets.open(out, null, List.of("flair"));
        assertThat(combined.layout()).isEqualTo(Layout.COMBINED);
        assertThat(combined.trainingCases()).hasSize(6);
        assertThat(combined.trainingCases())
                .extracting(CaseFiles::id)
                .contains(c0, c2)
                .noneMatch(id -> id.contains("copy"));
        assertThat(combined.labelNames()).isEqualTo(a.labelNames());
        CaseFiles k = combined.trainingCases().stream()
                .filter(c -> c.id().equals(c0))
                .findFirst()
                .orElseThrow();
        LoadedCase viaCombination = combined.load(k);
        FolderDataset flair = Datasets.open(first, Layout.BRATS, List.of("flair"));
        LoadedCase direct = flair.load(flair.trainingCases().get(0));
        assertThat(viaCombination.image().channels()).isEqualTo(1);
        assertThat(Arrays.equals(viaCombination.image().data(), direct.image().data()))
                .isTrue();
        assertThat(Arrays.equals(viaCombination.label().data(), direct.label().data()))
                .isTrue();
        assertThat(DatasetChecker.check(combined, n -> {}).problems()).isEmpty();
    }

    @Test
    void theHashSeesThroughStorageOrderButNotThroughAChangedVoxel() throws IOException {
        FolderDataset a = Datasets.open(first, Layout.BRATS, List.of());
        Volume label = Nifti.readVolume(a.trainingCases().get(1).label());
        String h = DatasetCombination.labelHash(label);
        assertThat(DatasetCombination.labelHash(swapIjFlipK(label))).isEqualTo(h);
        Volume changed = label.copy();
        changed.data()[changed.voxels() / 2] += 1;
        assertThat(DatasetCombination.labelHash(changed)).isNotEqualTo(h).hasSize(64);
        assertThat(DatasetCombination.labelHash(label.withAffine(Affine.scaling(2, 2, 2))))
                .isEqualTo(h);
    }

    @Test
    void aValidManifestIsReusedAndAChangedLabelFileIsReadAgain() throws IOException {
        Path out = dir.resolve("reuse");
        DatasetCombination.Result r1 = DatasetCombination.combine(sources(), out, id -> {});
        List<String> read = new ArrayList<>();
        DatasetCombination.Result r2 = DatasetCombination.combine(sources(), out, read::add);
        assertThat(read).isEmpty();
        assertThat(r2.kept()).isEqualTo(r1.kept());
        assertThat(r2.dropped()).isEqualTo(r1.dropped());
        Path label =
                Datasets.open(second, null, List.of()).trainingCases().get(0).label();
        Files.setLastModifiedTime(
                label, FileTime.fromMillis(Files.getLastModifiedTime(label).toMillis() + 5000));
        DatasetCombination.combine(sources(), out, read::add);
        assertThat(read).hasSize(8);
    }

    @Test
    void badCombinationsAreRefusedByName() {
        assertThatThrownBy(() -> DatasetCombination.combine(List.of(sources().get(0)), dir.resolve("x"), id -> {}))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("at least two sources");
        assertThatThrownBy(() -> DatasetCombination.combine(
                        List.of(sources().get(0), new DatasetSource("other", first, null)), dir.resolve("x"), id -> {}))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("listed twice");
    }
}
