package dev.fess.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.dataset.Layout;
import dev.fess.synth.PhantomKind;
import dev.fess.synth.PhantomOptions;
import dev.fess.synth.SyntheticDatasetWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predictions pair with labels by case name, from a flat folder or from a dataset folder. */
class CasePairingTest {
    @TempDir
    Path tmp;

    @Test
    void labelsFromABratsDatasetFolderPairWithASubsetOfPredictions() throws Exception {
        Path ds = tmp.resolve("ds");
        SyntheticDatasetWriter.write(
                PhantomKind.BRATS,
                Layout.BRATS,
                3,
                4,
                ds,
                PhantomOptions.builder().size(16).build());
        Path pred = Files.createDirectories(tmp.resolve("pred"));
        for (String id : List.of("BraTS20_Training_001", "BraTS20_Training_003")) {
            Files.copy(ds.resolve(id).resolve(id + "_seg.nii.gz"), pred.resolve(id + ".nii.gz"));
        }
        List<CasePairing.CasePair> pairs = CasePairing.pair(pred, ds);
        assertThat(pairs)
                .extracting(CasePairing.CasePair::name)
                .containsExactly("BraTS20_Training_001", "BraTS20_Training_003");
        assertThat(pairs.get(1).label())
                .isEqualTo(ds.resolve("BraTS20_Training_003").resolve("BraTS20_Training_003_seg.nii.gz"));
    }

    @Test
    void aPredictionOfACaseTheDatasetLacksIsRefusedByName() throws Exception {
        Path ds = tmp.resolve("ds");
        SyntheticDatasetWriter.write(
                PhantomKind.BRATS,
                Layout.BRATS,
                2,
                4,
                ds,
                PhantomOptions.builder().size(16).build());
        Path pred = Files.createDirectories(tmp.resolve("pred"));
        Files.copy(
                ds.resolve("BraTS20_Training_001").resolve("BraTS20_Training_001_seg.nii.gz"),
                pred.resolve("Other_007.nii.gz"));
        assertThatThrownBy(() -> CasePairing.pair(pred, ds))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("Other_007");
    }
}
