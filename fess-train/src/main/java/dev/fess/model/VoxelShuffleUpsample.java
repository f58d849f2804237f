package dev.fess.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ×2 up-sampling that is exactly a 3D transposed convolution with kernel 2 and stride 2 (the DJL PyTorch engine
 * has no 3D transposed convolution).
 *
 * <p>Input {@code B × Cin × D × H × W}, output {@code B × Cout × 2D × 2H × 2W}. A 1×1×1 convolution without bias
 * maps Cin to 8·Cout channels; a voxel shuffle then puts channel {@code 8o + 4kd + 2kh + kw} at offset
 * {@code (kd, kh, kw)} of the 2×2×2 cell of each input voxel; a per-channel bias {@code b_o} is added:
 *
 * <pre>  y[b, o, 2d+kd, 2h+kh, 2w+kw] = b_o + Σ_i W[8o+4kd+2kh+kw, i] · x[b, i, d, h, w]</pre>
 *
 * which is the transposed convolution {@code y = ConvTranspose3d(x; W', b)} with
 * {@code W'[i, o, kd, kh, kw] = W[8o+4kd+2kh+kw, i]} — same parameter count (8·Cin·Cout + Cout), same result.
 */
public final class VoxelShuffleUpsample extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outChannels;
    private final Conv3d conv;
    private final Parameter bias;

    /** @param outChannels Cout */
    public VoxelShuffleUpsample(int outChannels) {
        super(VERSION);
        if (outChannels <= 0) {
            throw new IllegalArgumentException("outChannels must be positive; got " + outChannels);
        }
        this.outChannels = outChannels;
        conv = addChildBlock(
                "conv",
                Conv3d.builder()
                        .setKernelShape(new Shape(1, 1, 1))
                        .setFilters(8 * outChannels)
                        .optBias(false)
                        .build());
        bias = addParameter(Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(outChannels))
                .build());
    }

    /** @return the 1×1×1 convolution (weight {@code 8·Cout × Cin × 1 × 1 × 1}) */
    public Conv3d getConv() {
        return conv;
    }

    /** @return the per-output-channel bias parameter (shape {@code Cout}) */
    public Parameter getBias() {
        return bias;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = conv.forward(parameterStore, inputs, training).singletonOrThrow();
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        return new NDList(voxelShuffle(y).add(b.reshape(1, outChannels, 1, 1, 1)));
    }

    /**
     * The voxel shuffle: {@code B × 8C × D × H × W → B × C × 2D × 2H × 2W}, channel {@code 8c + 4kd + 2kh + kw}
     * going to {@code [c, 2d+kd, 2h+kh, 2w+kw]}.
     *
     * @param x input with a channel count divisible by 8
     * @return shuffled array
     */
    public static NDArray voxelShuffle(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 5 || s.get(1) % 8 != 0) {
            throw new IllegalArgumentException("voxelShuffle expects B × 8C × D × H × W; got " + s);
        }
        long b = s.get(0);
        long c = s.get(1) / 8;
        long d = s.get(2);
        long h = s.get(3);
        long w = s.get(4);
        return x.reshape(b, c, 2, 2, 2, d, h, w)
                .transpose(0, 1, 5, 2, 6, 3, 7, 4)
                .reshape(b, c, 2 * d, 2 * h, 2 * w);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, 2 * s.get(2), 2 * s.get(3), 2 * s.get(4))};
    }
}
