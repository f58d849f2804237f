package dev.fess.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** FLOP counts of the U-Net against a hand count and against the real network's weight shapes. */
class NetworkFlopsTest {

    /**
     * U-Net 2-4, 1 input channel, 2 classes, one 4³ input (64 voxels at level 0, 8 at level 1), hand count
     * 2 · N · Cout · Cin · k³ per convolution:
     * enc0 1→2: 2·64·2·1·27 = 6912; 2→2: 2·64·2·2·27 = 13824;
     * enc1 2→4: 2·8·4·2·27 = 3456; 4→4: 2·8·4·4·27 = 6912;
     * up0 (voxel shuffle, 1×1×1 to 8·2 = 16 channels at level 1): 2·8·16·4 = 1024;
     * dec0 (2 + 2 = 4)→2: 2·64·2·4·27 = 27648; 2→2: 13824; out 2→2: 2·64·2·2 = 512.
     */
    private static final long TINY_FORWARD = 6912 + 13824 + 3456 + 6912 + 1024 + 27648 + 13824 + 512;

    private static UNet3d.Config tiny(UNet3d.Up up) {
        return UNet3d.builder()
                .setInChannels(1)
                .setClasses(2)
                .optFilters(2, 4)
                .optUp(up)
                .config();
    }

    @Test
    void forwardOfATinyNetMatchesTheHandCount() {
        NetworkFlops f = NetworkFlops.of(tiny(UNet3d.Up.VOXEL_SHUFFLE), 1, 4, 4, 4);
        assertThat(f.forward()).isEqualTo(74_112L).isEqualTo(TINY_FORWARD);
        assertThat(f.layers())
                .extracting(NetworkFlops.Layer::name)
                .containsExactly(
                        "enc0.conv0",
                        "enc0.conv1",
                        "enc1.conv0",
                        "enc1.conv1",
                        "up0",
                        "dec0.conv0",
                        "dec0.conv1",
                        "out");
        assertThat(f.layers().get(4).flops()).isEqualTo(1024);
    }

    @Test
    void aTrainingStepIsThreeForwardsLessTheFirstLayersInputGradient() {
        NetworkFlops f = NetworkFlops.of(tiny(UNet3d.Up.VOXEL_SHUFFLE), 1, 4, 4, 4);
        assertThat(f.trainingStep()).isEqualTo(3 * 74_112L - 6912);
    }

    @Test
    void trilinearUpSamplingConvolvesToTheTargetChannelsOnly() {
        // up0: 1×1×1 convolution 4 → 2 at level 1: 2·8·2·4 = 128 instead of 1024
        assertThat(NetworkFlops.of(tiny(UNet3d.Up.TRILINEAR), 1, 4, 4, 4).forward())
                .isEqualTo(74_112L - 1024 + 128);
    }

    @Test
    void flopsScaleWithBatchAndVolume() {
        UNet3d.Config c = tiny(UNet3d.Up.VOXEL_SHUFFLE);
        assertThat(NetworkFlops.of(c, 2, 8, 4, 4).forward()).isEqualTo(4 * 74_112L);
    }

    @Test
    void theBenchmarkNetDoesAbout29GflopPerSampleAt64Cubed() {
        UNet3d.Config c = UNet3d.builder()
                .setInChannels(4)
                .setClasses(4)
                .optFilters(16, 32, 64, 128)
                .config();
        // first layer by hand: 2 · 64³ · 16 · 4 · 27 = 905,969,664
        NetworkFlops f = NetworkFlops.of(c, 1, 64, 64, 64);
        assertThat(f.layers().get(0).flops()).isEqualTo(905_969_664L);
        assertThat(f.forward() / 1e9).isBetween(28.7, 28.9);
    }

    @ParameterizedTest
    @EnumSource(UNet3d.Up.class)
    void multiplyAddsPerVoxelMatchTheWeightsOfTheRealNetwork(UNet3d.Up up) {
        UNet3d.Config c = UNet3d.builder()
                .setInChannels(3)
                .setClasses(2)
                .optFilters(4, 8, 16)
                .optUp(up)
                .optDeepSupervision(true)
                .config();
        long counted = 0;
        for (NetworkFlops.Layer l : NetworkFlops.of(c, 1, 8, 8, 8).layers()) {
            counted += (long) l.outChannels() * l.inChannels() * l.kernel() * l.kernel() * l.kernel();
        }
        long weights = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            UNet3d net = UNet3d.of(c);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8, 8));
            for (Pair<String, Parameter> p : net.getParameters()) {
                Shape s = p.getValue().getArray().getShape();
                if (p.getValue().getType() == Parameter.Type.WEIGHT && s.dimension() == 5) {
                    weights += s.size();
                }
            }
        }
        assertThat(counted).isEqualTo(weights);
    }

    @Test
    void refusesSizesTheNetworkCannotTake() {
        UNet3d.Config c = UNet3d.builder().optFilters(4, 8, 16).config();
        assertThatThrownBy(() -> NetworkFlops.of(c, 1, 8, 6, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiples of 4");
        assertThat(NetworkFlops.of(c, 1, 8, 8, 8).layers()).hasSize(2 * 3 + 3 * 2 + 1);
    }
}
