package dev.fess.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Floating-point operations of a {@link UNet3d}, counted from its layer shapes: the work the convolutions do, which
 * is what a machine's FP32 peak can be compared with (normalisation, activation, pooling and concatenation are
 * memory-bound element-wise passes and are not counted).
 *
 * <p>A convolution with kernel {@code k_d × k_h × k_w}, {@code Cin} input and {@code Cout} output channels
 * producing {@code N = B · d · h · w} output voxels does {@code N · Cout · Cin · k_d·k_h·k_w} multiply-adds,
 * counted as 2 FLOPs each: {@code F = 2 · N · Cout · Cin · k³}. Bias additions (one per output value) are left
 * out, as usual. Per U-Net level l (resolution {@code D/2^l}): two 3×3×3 convolutions; the decoder's first one
 * reads the concatenation of the up-sampled map and the skip ({@code 2 · filters[l]} channels); voxel-shuffle
 * up-sampling is a 1×1×1 convolution {@code filters[l+1] → 8 · filters[l]} at the coarse resolution, trilinear
 * up-sampling a 1×1×1 convolution {@code filters[l+1] → filters[l]} at the coarse resolution; the output (and each
 * deep-supervision head) is a 1×1×1 convolution to the classes.
 *
 * <p>Backward: each convolution computes the gradient of its weight and of its input, each as many FLOPs as the
 * forward (the same multiply-adds, transposed); the first convolution needs no input gradient because the image
 * does not require one. A training step therefore costs {@code 3 · F_forward − F_first}.
 */
public final class NetworkFlops {

    /**
     * One convolution's forward cost.
     *
     * @param name layer name (e.g. {@code enc0.conv1}, {@code up2}, {@code out})
     * @param inChannels Cin
     * @param outChannels Cout
     * @param kernel k (cubic kernel)
     * @param outputVoxels B · d · h · w
     * @param flops 2 · N · Cout · Cin · k³
     */
    public record Layer(String name, int inChannels, int outChannels, int kernel, long outputVoxels, long flops) {}

    private final List<Layer> layers;

    private NetworkFlops(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /**
     * Counts the convolutions of a U-Net for one input shape.
     *
     * @param config the U-Net
     * @param batch B
     * @param d D (a multiple of {@link UNet3d.Config#sizeMultiple()})
     * @param h H
     * @param w W
     * @return the per-layer count
     */
    public static NetworkFlops of(UNet3d.Config config, int batch, int d, int h, int w) {
        int m = config.sizeMultiple();
        if (batch <= 0 || d <= 0 || h <= 0 || w <= 0 || d % m != 0 || h % m != 0 || w % m != 0) {
            throw new IllegalArgumentException("NetworkFlops needs a positive batch and spatial sizes that are"
                    + " multiples of " + m + "; got " + batch + " × " + d + "×" + h + "×" + w);
        }
        List<Integer> f = config.filters();
        int levels = f.size();
        long[] voxels = new long[levels];
        for (int l = 0; l < levels; l++) {
            voxels[l] = (long) batch * (d >> l) * (h >> l) * (w >> l);
        }
        List<Layer> layers = new ArrayList<>();
        int in = config.inChannels();
        for (int l = 0; l < levels; l++) {
            layers.add(conv("enc" + l + ".conv0", in, f.get(l), 3, voxels[l]));
            layers.add(conv("enc" + l + ".conv1", f.get(l), f.get(l), 3, voxels[l]));
            in = f.get(l);
        }
        for (int l = levels - 2; l >= 0; l--) {
            int upOut = config.up() == UNet3d.Up.VOXEL_SHUFFLE ? 8 * f.get(l) : f.get(l);
            layers.add(conv("up" + l, f.get(l + 1), upOut, 1, voxels[l + 1]));
            layers.add(conv("dec" + l + ".conv0", 2 * f.get(l), f.get(l), 3, voxels[l]));
            layers.add(conv("dec" + l + ".conv1", f.get(l), f.get(l), 3, voxels[l]));
        }
        layers.add(conv("out", f.get(0), config.classes(), 1, voxels[0]));
        if (config.deepSupervision()) {
            for (int l = 1; l <= levels - 2; l++) {
                layers.add(conv("ds" + l, f.get(l), config.classes(), 1, voxels[l]));
            }
        }
        return new NetworkFlops(layers);
    }

    private static Layer conv(String name, int in, int out, int k, long voxels) {
        return new Layer(name, in, out, k, voxels, 2L * voxels * out * in * k * k * k);
    }

    /** @return the convolutions in execution order of the forward pass */
    public List<Layer> layers() {
        return layers;
    }

    /** @return forward FLOPs, the sum over {@link #layers()} */
    public long forward() {
        long sum = 0;
        for (Layer l : layers) {
            sum += l.flops();
        }
        return sum;
    }

    /** @return FLOPs of one training step: forward + weight gradients + input gradients but the first layer's */
    public long trainingStep() {
        return 3 * forward() - layers.get(0).flops();
    }
}
