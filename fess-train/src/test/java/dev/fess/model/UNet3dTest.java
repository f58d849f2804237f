package dev.fess.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fess.gradcheck.GradientCheck;
import dev.fess.loss.DiceLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shapes, validation, gradients and checkpoints of the U-Net and the segmentation model. */
class UNet3dTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(1234);
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void sizesNotDivisibleByTheMultipleAreRefused() {
        UNet3d net = UNet3d.builder().optFilters(4, 8, 16).build();
        assertThatThrownBy(() -> net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 18, 16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiples of 4")
                .hasMessageContaining("16×18×16");
        try (NDManager m = manager.newSubManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8, 8));
            assertThatThrownBy(() -> net.forward(
                            new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 1, 8, 8, 6))), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("multiples of 4");
        }
    }

    @ParameterizedTest
    @EnumSource(UNet3d.Norm.class)
    void outputLayoutAndShapes(UNet3d.Norm norm) {
        for (UNet3d.Down down : UNet3d.Down.values()) {
            for (UNet3d.Up up : UNet3d.Up.values()) {
                UNet3d net = UNet3d.builder()
                        .setInChannels(2)
                        .setClasses(3)
                        .optFilters(4, 8, 12)
                        .optNorm(norm)
                        .optGroups(2)
                        .optDown(down)
                        .optUp(up)
                        .optDeepSupervision(true)
                        .optFeatureLevel(1)
                        .optDropout(0.1f)
                        .build();
                try (NDManager m = manager.newSubManager()) {
                    Shape in = new Shape(2, 2, 8, 12, 4);
                    net.initialize(m, DataType.FLOAT32, in);
                    NDList out = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), true);
                    assertThat(out).hasSize(4);
                    assertThat(out.get(UNet3d.LOGITS).getShape()).isEqualTo(new Shape(2, 3, 8, 12, 4));
                    assertThat(out.get(UNet3d.BOTTLENECK).getShape()).isEqualTo(new Shape(2, 12, 2, 3, 1));
                    assertThat(out.get(UNet3d.FEATURES).getShape()).isEqualTo(new Shape(2, 8, 4, 6, 2));
                    assertThat(out.get(UNet3d.FIRST_DEEP_SUPERVISION).getShape())
                            .isEqualTo(new Shape(2, 3, 4, 6, 2));
                    Shape[] predicted = net.getOutputShapes(new Shape[] {in});
                    for (int i = 0; i < out.size(); i++) {
                        assertThat(predicted[i]).isEqualTo(out.get(i).getShape());
                    }
                }
            }
        }
    }

    @Test
    void paperPresetMatchesTheReleasedNetwork() {
        UNet3d.Config c = UNet3d.paperPreset(1);
        assertThat(c.filters()).containsExactly(32, 64, 128, 256, 1024);
        assertThat(c.norm()).isEqualTo(UNet3d.Norm.BATCH);
        assertThat(c.activation()).isEqualTo(UNet3d.Act.RELU);
        assertThat(c.dropout()).isEqualTo(0.2f);
        assertThat(c.classes()).isEqualTo(1);
        assertThat(c.down()).isEqualTo(UNet3d.Down.MAX_POOL);
        assertThat(c.up()).isEqualTo(UNet3d.Up.VOXEL_SHUFFLE);
        UNet3d net = UNet3d.of(c);
        Shape[] out = net.getOutputShapes(new Shape[] {new Shape(5, 1, 64, 64, 64)});
        assertThat(out[UNet3d.BOTTLENECK]).isEqualTo(new Shape(5, 1024, 4, 4, 4)); // as the released code
        assertThat(out[UNet3d.LOGITS]).isEqualTo(new Shape(5, 1, 64, 64, 64));
    }

    /** Finite differences through a whole (tiny) U-Net with batch norm in training mode, in float64. */
    @ParameterizedTest
    @EnumSource(UNet3d.Up.class)
    void gradientsThroughTheNetworkMatchFiniteDifferences(UNet3d.Up up) {
        UNet3d net = UNet3d.builder()
                .setClasses(2)
                .optFilters(2, 4)
                .optNorm(UNet3d.Norm.BATCH)
                .optActivation(UNet3d.Act.LEAKY_RELU)
                .optUp(up)
                .build();
        try (NDManager m = manager.newSubManager()) {
            Shape in = new Shape(1, 1, 4, 4, 4);
            net.initialize(m, DataType.FLOAT64, in); // Block.cast is "not implemented yet" in DJL 0.36
            NDArray x = m.create(GradientCheck.gaussian(21, 64, 1.0), in);
            NDArray labels = m.randomInteger(0, 2, new Shape(1, 4, 4, 4), DataType.INT32);
            DiceLoss dice = DiceLoss.builder().build();
            ParameterStore ps = new ParameterStore(m, false);
            Supplier<NDArray> loss =
                    () -> dice.compute(net.forward(ps, new NDList(x), true).get(UNet3d.LOGITS), labels);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.get());
            }
            int checked = 0;
            for (var pair : net.getParameters()) {
                Parameter p = pair.getValue();
                if (!p.requiresGradient()) {
                    continue;
                }
                NDArray w = p.getArray();
                assertThat(w.getDataType()).isEqualTo(DataType.FLOAT64);
                double[] analytic = w.getGradient().toDoubleArray();
                double[] w0 = w.toDoubleArray();
                int[] positions = {0, w0.length / 2, w0.length - 1};
                double[] a = new double[positions.length];
                double[] n = new double[positions.length];
                for (int k = 0; k < positions.length; k++) {
                    int i = positions[k];
                    double[] plus = w0.clone();
                    plus[i] += GradientCheck.STEP;
                    w.set(plus);
                    double fp = loss.get().getDouble();
                    double[] minus = w0.clone();
                    minus[i] -= GradientCheck.STEP;
                    w.set(minus);
                    double fm = loss.get().getDouble();
                    w.set(w0);
                    a[k] = analytic[i];
                    n[k] = (fp - fm) / (2 * GradientCheck.STEP);
                }
                GradientCheck.Result r = new GradientCheck.Result(a, n);
                assertThat(r.relativeError()).as("parameter %s", pair.getKey()).isLessThan(1e-4);
                checked++;
            }
            assertThat(checked).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void checkpointRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        ModelSpec spec = new ModelSpec(
                UNet3d.builder()
                        .setClasses(3)
                        .optFilters(4, 8)
                        .optNorm(UNet3d.Norm.BATCH)
                        .optDeepSupervision(false)
                        .config(),
                8,
                6);
        Path target = dir.resolve("last");
        Shape in = new Shape(2, 1, 8, 8, 8);
        float[] before;
        float[] embeddings;
        try (NDManager m = manager.newSubManager()) {
            SegmentationModel model = SegmentationModel.of(spec);
            model.initialize(m, DataType.FLOAT32);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(in);
            model.forward(ps, new NDList(x), true); // moves the batch-norm running statistics
            NDList out = model.forward(ps, new NDList(x), false);
            before = out.get(SegmentationModel.LOGITS).toFloatArray();
            embeddings = out.get(SegmentationModel.VOXEL_EMBEDDINGS).toFloatArray();
            assertThat(out.get(SegmentationModel.GLOBAL_EMBEDDINGS).getShape()).isEqualTo(new Shape(2, 8));
            ModelCheckpoint.save(target, model);
            ModelCheckpoint.save(target, model); // replacing an existing checkpoint
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList())
                    .containsExactly("last");
            try (NDManager other = NDManager.newBaseManager()) {
                SegmentationModel loaded = ModelCheckpoint.load(target, other);
                assertThat(loaded.getSpec()).isEqualTo(spec);
                NDList again = loaded.forward(
                        new ParameterStore(other, false), new NDList(other.create(x.toFloatArray(), in)), false);
                assertThat(again.get(SegmentationModel.LOGITS).toFloatArray()).containsExactly(before);
                assertThat(again.get(SegmentationModel.VOXEL_EMBEDDINGS).toFloatArray())
                        .containsExactly(embeddings);
                // training can resume: the loaded parameters take gradients
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(loaded.forward(
                                    new ParameterStore(other, false),
                                    new NDList(other.create(x.toFloatArray(), in)),
                                    true)
                            .get(SegmentationModel.LOGITS)
                            .square()
                            .sum());
                }
                NDArray firstWeight = loaded.getParameters().valueAt(0).getArray();
                assertThat(firstWeight.getGradient().abs().sum().getFloat()).isPositive();
            }
        }
        assertThat(ModelSpec.fromJson(spec.toJson())).isEqualTo(spec);
        assertThat(spec.toJson()).contains("\"norm\" : \"BATCH\"").contains("\"filters\" : [ 4, 8 ]");
    }

    @Test
    void headsProduceUnitVectors() {
        try (NDManager m = manager.newSubManager()) {
            SegmentationModel model = SegmentationModel.of(
                    new ModelSpec(UNet3d.builder().optFilters(4, 8).config(), 5, 7));
            model.initialize(m, DataType.FLOAT32);
            NDList out = model.forward(
                    new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 1, 4, 4, 4))), false);
            NDArray voxelNorms = out.get(SegmentationModel.VOXEL_EMBEDDINGS)
                    .square()
                    .sum(new int[] {1})
                    .sqrt();
            for (float v : voxelNorms.toFloatArray()) {
                assertThat(v).isCloseTo(1f, within(1e-5f));
            }
            for (float v : out.get(SegmentationModel.GLOBAL_EMBEDDINGS)
                    .square()
                    .sum(new int[] {1})
                    .sqrt()
                    .toFloatArray()) {
                assertThat(v).isCloseTo(1f, within(1e-5f));
            }
            assertThat(out.get(SegmentationModel.VOXEL_EMBEDDINGS).getShape()).isEqualTo(new Shape(2, 5, 4, 4, 4));
        }
        assertThat(List.of(
                        SegmentationModel.LOGITS,
                        SegmentationModel.VOXEL_EMBEDDINGS,
                        SegmentationModel.GLOBAL_EMBEDDINGS))
                .containsExactly(0, 1, 2);
    }
}
