package dev.fess.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.fess.loss.CompositeLoss;
import dev.fess.loss.DiceLoss;
import dev.fess.toy.Blobs;
import dev.fess.toy.TinyLoop;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every normalisation and up-sampling option learns the two-blob toy problem. */
class ToyTrainingTest {

    static Stream<Arguments> options() {
        return Stream.of(
                Arguments.of(UNet3d.Norm.BATCH, UNet3d.Up.VOXEL_SHUFFLE, UNet3d.Down.MAX_POOL),
                Arguments.of(UNet3d.Norm.INSTANCE, UNet3d.Up.VOXEL_SHUFFLE, UNet3d.Down.STRIDED_CONV),
                Arguments.of(UNet3d.Norm.GROUP, UNet3d.Up.VOXEL_SHUFFLE, UNet3d.Down.MAX_POOL),
                Arguments.of(UNet3d.Norm.BATCH, UNet3d.Up.TRILINEAR, UNet3d.Down.MAX_POOL),
                Arguments.of(UNet3d.Norm.INSTANCE, UNet3d.Up.TRILINEAR, UNet3d.Down.STRIDED_CONV));
    }

    @ParameterizedTest
    @MethodSource("options")
    void learnsTwoBlobs(UNet3d.Norm norm, UNet3d.Up up, UNet3d.Down down) {
        Engine.getInstance().setRandomSeed(7);
        int size = 16;
        Blobs data = new Blobs(11, size);
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet3d net = UNet3d.builder()
                    .setClasses(2)
                    .optFilters(4, 8)
                    .optNorm(norm)
                    .optGroups(2)
                    .optUp(up)
                    .optDown(down)
                    .build();
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, size, size, size));
            TinyLoop loop = new TinyLoop(
                    net, CompositeLoss.diceOnly(DiceLoss.builder().build()), 0.02f, new ParameterStore(manager, false));
            for (int step = 0; step < 40; step++) {
                Blobs.Batch batch = data.next(2);
                try (NDManager sub = manager.newSubManager()) {
                    NDArray x = batch.images(sub);
                    loop.step(new NDList(batch.labels(sub)), b -> b.forward(loop.store(), new NDList(x), true));
                }
            }
            Blobs.Batch test = data.next(2);
            try (NDManager sub = manager.newSubManager()) {
                NDArray logits = net.forward(loop.store(), new NDList(test.images(sub)), false)
                        .get(UNet3d.LOGITS);
                int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                assertThat(Blobs.dice(predicted, test.labels()))
                        .as("%s %s %s", norm, up, down)
                        .isGreaterThan(0.9);
            }
        }
    }
}
