package dev.fess.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Voxel-wise projection head: {@code B × F × d × h × w → B × E × d × h × w},
 *
 * <pre>  z = normalize( W₂ · relu(W₁ · x + b₁) + b₂ )   (1×1×1 convolutions; ‖z‖₂ = 1 over the channel axis)</pre>
 *
 * The hidden width defaults to E.
 */
public final class VoxelProjectionHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int embeddingDim;
    private final Conv3d first;
    private final Conv3d second;

    /**
     * @param hidden hidden channels
     * @param embeddingDim E
     */
    public VoxelProjectionHead(int hidden, int embeddingDim) {
        super(VERSION);
        if (hidden <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException(
                    "hidden and embeddingDim must be positive; got " + hidden + " and " + embeddingDim);
        }
        this.embeddingDim = embeddingDim;
        first = addChildBlock(
                "conv1",
                Conv3d.builder()
                        .setKernelShape(new Shape(1, 1, 1))
                        .setFilters(hidden)
                        .build());
        second = addChildBlock(
                "conv2",
                Conv3d.builder()
                        .setKernelShape(new Shape(1, 1, 1))
                        .setFilters(embeddingDim)
                        .build());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        first.initialize(manager, dataType, inputShapes[0]);
        second.initialize(manager, dataType, first.getOutputShapes(inputShapes)[0]);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = first.forward(ps, inputs, training)
                .singletonOrThrow()
                .getNDArrayInternal()
                .relu();
        NDArray z = second.forward(ps, new NDList(h), training).singletonOrThrow();
        return new NDList(l2Normalize(z, 1));
    }

    /**
     * The same head applied to feature vectors of chosen voxels: rows {@code M × F → M × E}. Because the head is
     * pointwise, {@code projectRows(x[:, :, v]) == forward(x)[:, :, v]} exactly, so a loss that samples voxels
     * can project only its sample instead of the whole volume.
     *
     * @param ps parameter store
     * @param rows {@code M × F}
     * @param training training flag
     * @return {@code M × E}, unit rows
     */
    public NDArray projectRows(ParameterStore ps, NDArray rows, boolean training) {
        NDArray h = linear(ps, first, rows, training).getNDArrayInternal().relu();
        return l2Normalize(linear(ps, second, h, training), 1);
    }

    private static NDArray linear(ParameterStore ps, Conv3d conv, NDArray rows, boolean training) {
        NDArray w = ps.getValue(conv.getParameters().get("weight"), rows.getDevice(), training);
        NDArray b = ps.getValue(conv.getParameters().get("bias"), rows.getDevice(), training);
        return rows.matMul(w.reshape(w.getShape().get(0), w.getShape().get(1)).transpose())
                .add(b);
    }

    /**
     * {@code x / max(‖x‖₂, 1e-12)} along one axis (the convention of {@code torch.nn.functional.normalize}).
     *
     * @param x array
     * @param axis axis to normalise over
     * @return normalised array
     */
    public static NDArray l2Normalize(NDArray x, int axis) {
        return x.div(Scalars.maximum(x.norm(2, new int[] {axis}, true), 1e-12f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), embeddingDim, s.get(2), s.get(3), s.get(4))};
    }
}
