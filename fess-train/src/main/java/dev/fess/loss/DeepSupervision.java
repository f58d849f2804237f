package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.fess.model.Scalars;
import java.util.List;

/**
 * Deep supervision as nnU-Net trains it: the Dice term is applied to the full-resolution logits and to the logits
 * of coarser decoder levels, each against the target brought to its grid, and the terms are summed with weights
 * that halve per level and are normalised to sum to 1:
 *
 * <pre>  L = Σ_{i=0}^{n−1} w_i · Dice(logits_i, target↓2^{s_i})      w_i = 2^{−i} / Σ_j 2^{−j}</pre>
 *
 * where output 0 is full resolution ({@code s_0 = 0}) and output i ≥ 1 is decoder level {@code s_i = i} of
 * {@link dev.fess.model.UNet3d} ({@code B × C × D/2^i × H/2^i × W/2^i}). With n = 3 the weights are 4/7, 2/7,
 * 1/7. (nnU-Net additionally gives its coarsest output, one level above the bottleneck, weight 0; fess's U-Net
 * has no head on that level, so every head it has is weighted.)
 *
 * <p>Targets are brought down without interpolation: binary target channels {@code B × C × S…} by max-pooling
 * (kernel = stride = 2^i: a coarse voxel belongs to a region when any of its fine voxels does), class maps
 * {@code B × S…} by nearest neighbour (the voxel at index 2^i·k, the first of each block).
 */
public final class DeepSupervision {
    private DeepSupervision() {}

    /**
     * @param outputs n ≥ 1
     * @return {@code w_i = 2^−i / Σ_j 2^−j}, i = 0 … n−1
     */
    public static float[] weights(int outputs) {
        if (outputs < 1) {
            throw new IllegalArgumentException("deep supervision needs at least one output, got " + outputs);
        }
        double[] w = new double[outputs];
        double sum = 0;
        for (int i = 0; i < outputs; i++) {
            w[i] = Math.pow(0.5, i);
            sum += w[i];
        }
        float[] out = new float[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = (float) (w[i] / sum);
        }
        return out;
    }

    /**
     * The target on a grid {@code factor} times coarser per spatial axis.
     *
     * @param target binary channels {@code B × C × D × H × W} (float), or a class map {@code B × D × H × W} or
     *     {@code B × 1 × D × H × W}
     * @param binaryChannels true for binary channels (max-pooled), false for a class map (nearest neighbour)
     * @param factor 2^level, ≥ 1; the spatial sizes must be multiples of it
     * @return the coarse target, same type and layout
     */
    public static NDArray downsample(NDArray target, boolean binaryChannels, int factor) {
        Shape s = target.getShape();
        int rank = s.dimension();
        if (rank != 4 && rank != 5 || binaryChannels && rank != 5) {
            throw new IllegalArgumentException(
                    "expected a target B × C × D × H × W or a class map B × D × H × W," + " got " + s);
        }
        for (int a = rank - 3; a < rank; a++) {
            if (s.get(a) % factor != 0) {
                throw new IllegalArgumentException("target shape " + s + " is not a multiple of " + factor);
            }
        }
        if (factor == 1) {
            return target.duplicate();
        }
        if (binaryChannels) {
            Shape k = new Shape(factor, factor, factor);
            return Pool.maxPool3d(target, k, k, new Shape(0, 0, 0), false);
        }
        String step = "::" + factor;
        return target.get(new NDIndex((rank == 5 ? ":, :, " : ":, ") + step + ", " + step + ", " + step));
    }

    /**
     * {@code Σ w_i · dice(logits_i, target↓2^i)} over the given outputs (full resolution first).
     *
     * @param dice the Dice term
     * @param target the full-resolution target (see {@link #downsample})
     * @param binaryChannels the target's form
     * @param logits the outputs, {@code logits.get(i)} at 1/2^i resolution
     * @return the weighted sum, a scalar
     */
    public static NDArray loss(DiceLoss dice, NDArray target, boolean binaryChannels, List<NDArray> logits) {
        float[] w = weights(logits.size());
        NDArray total = null;
        for (int i = 0; i < logits.size(); i++) {
            NDArray t = i == 0 ? target : downsample(target, binaryChannels, 1 << i);
            NDArray term = Scalars.mul(dice.compute(logits.get(i), t), w[i]);
            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
