package dev.fess.example;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.fess.loss.Arm;
import dev.fess.loss.LossOptions;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import org.junit.jupiter.api.Test;

/** The library example of the README, compiled and run, so the README cannot drift from the code. */
class ReadmeExampleTest {
    @Test
    void readmeLibraryExampleRuns() {
        // --- README example start ---
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet3d.Config unet = UNet3d.builder()
                    .setInChannels(1)
                    .setClasses(2)
                    .optFilters(8, 16, 32)
                    .config(); // 3 levels: sizes multiple of 4
            SegmentationModel model = SegmentationModel.of(ModelSpec.of(unet));
            model.initialize(manager, DataType.FLOAT32);
            Loss fess = Arm.FESS.loss(LossOptions.defaults()); // λ·Dice + (1−λ)·SupCon

            NDArray image = manager.randomNormal(new Shape(2, 1, 16, 16, 16)); // B × C × D × H × W
            NDArray labels = manager.randomUniform(0, 1, new Shape(2, 16, 16, 16)) // B × D × H × W classes
                    .gt(0.7)
                    .toType(DataType.INT32, false);
            ParameterStore ps = new ParameterStore(manager, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = model.forward(ps, new NDList(image), true); // [logits, voxel emb., global emb.]
                NDArray loss = fess.evaluate(new NDList(labels), out);
                gc.backward(loss);
                // --- README example end ---
                assertThat(out.get(SegmentationModel.LOGITS).getShape()).isEqualTo(new Shape(2, 2, 16, 16, 16));
                assertThat(loss.getFloat()).isFinite().isPositive();
            }
        }
    }
}
