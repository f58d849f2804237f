package dev.fess.infer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LabelMappings;
import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.Modality;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.preprocess.PreprocessPlan;
import dev.fess.preprocess.PreprocessPlanner;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Geometry round trip: a non-RAS, anisotropic case whose image is cropped by preprocessing, predicted by a "network"
 * that returns the label exactly (one-hot of the image channel that holds it), must come back as the label file's
 * exact voxels with the original affine.
 */
class CasePredictorTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void exactLabelModelReturnsTheLabelOnTheOriginalGrid(long seed) {
        exactRoundTrip(seed, 1, null);
    }

    /**
     * Labels above 255 (issue 14, point 8): the mask is written in the smallest type that holds every raw label of
     * the mapping and reads back as the label's exact values.
     */
    @ParameterizedTest
    @CsvSource({"1, UINT8", "255, UINT8", "300, INT16", "32767, INT16", "32768, INT32", "70000, INT32"})
    void labelsAbove255RoundTripThroughTheWriter(int raw, NiftiDatatype expected, @TempDir Path tmp)
            throws IOException {
        assertThat(Segmentations.labelDatatype(
                        LabelMappings.byName("dataset", Map.of(0, "background", raw, "lesion"), "test")))
                .isEqualTo(expected);
        exactRoundTrip(7, raw, tmp.resolve("mask.nii.gz"));
    }

    private static void exactRoundTrip(long seed, int raw, Path written) {
        int nx = 11, ny = 9, nz = 7;
        // voxel i → world z (1 mm), j → −x (2 mm), k → y (3 mm): neither RAS nor isotropic
        Affine affine = Affine.of(new double[][] {{0, -2, 0, 10}, {0, 0, 3, -4}, {1, 0, 0, 2}});
        SplittableRandom r = new SplittableRandom(seed);
        float[] img = new float[2 * nx * ny * nz];
        float[] lab = new float[nx * ny * nz];
        int n = nx * ny * nz;
        for (int k = 1; k < nz - 1; k++) {
            for (int j = 1; j < ny - 1; j++) {
                for (int i = 2; i < nx - 1; i++) { // the border is zero in every channel → cropped away
                    int v = i + nx * (j + ny * k);
                    img[v] = 5f + (float) r.nextDouble();
                    boolean in = r.nextDouble() < 0.3;
                    lab[v] = in ? raw : 0;
                    img[n + v] = in ? 1 : 0;
                }
            }
        }
        Volume image = new Volume(nx, ny, nz, 2, img, affine);
        Volume label = new Volume(nx, ny, nz, 1, lab, affine);
        LabelMapping mapping = LabelMappings.byName("dataset", Map.of(0, "background", raw, "lesion"), "test");
        // RAS axes: x ← j (2 mm), y ← k (3 mm), z ← i (1 mm); keep that spacing so nothing is resampled
        PreprocessPlan plan = PreprocessPlanner.plan(
                List.of(new LoadedCase("c", image, label)).iterator(), Modality.MRI, mapping, Optional.of(new double[] {
                    2, 3, 1
                }));
        try (NDManager manager = NDManager.newBaseManager()) {
            LambdaBlock exact = new LambdaBlock(list -> {
                NDArray x = list.get(0);
                NDArray l = x.get(":, 1:2"); // z-scored label channel: positive where the label is 1
                return new NDList(l.neg().concat(l, 1).mul(10f));
            });
            exact.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 4, 4, 4));
            SlidingWindowPredictor window = SlidingWindowPredictor.builder()
                    .block(exact)
                    .patch(4, 4, 4)
                    .overlap(0.5)
                    .mirror(seed == 2)
                    .windowBatch(3)
                    .build();
            CasePredictor.Prediction p = new CasePredictor(plan, mapping, window, false)
                    .predict(manager, new LoadedCase("c", image, null), true, null);
            assertThat(p.labels().shape()).containsExactly(nx, ny, nz);
            assertThat(p.labels().affine().maxAbsDifference(affine)).isLessThan(1e-9);
            assertThat(p.labels().data()).containsExactly(lab);
            assertThat(p.probabilities().channels()).isEqualTo(2);
            if (written != null) {
                NiftiDatatype type = Segmentations.labelDatatype(mapping);
                Nifti.write(written, p.labels(), type);
                assertThat(Nifti.read(written).header().datatype()).isEqualTo(type);
                assertThat(Nifti.readVolume(written).data()).containsExactly(lab);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
