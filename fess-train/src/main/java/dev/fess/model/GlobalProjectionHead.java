package dev.fess.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Global projection head (SimCLR): {@code B × F × d × h × w → B × E},
 *
 * <pre>  z = normalize( W₂ · relu(W₁ · mean_{d,h,w}(x) + b₁) + b₂ )   (‖z‖₂ = 1 per row)</pre>
 */
public final class GlobalProjectionHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int embeddingDim;
    private final Linear first;
    private final Linear second;

    /**
     * @param hidden hidden units
     * @param embeddingDim E
     */
    public GlobalProjectionHead(int hidden, int embeddingDim) {
        super(VERSION);
        if (hidden <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException(
                    "hidden and embeddingDim must be positive; got " + hidden + " and " + embeddingDim);
        }
        this.embeddingDim = embeddingDim;
        first = addChildBlock("fc1", Linear.builder().setUnits(hidden).build());
        second = addChildBlock("fc2", Linear.builder().setUnits(embeddingDim).build());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape pooled = new Shape(inputShapes[0].get(0), inputShapes[0].get(1));
        first.initialize(manager, dataType, pooled);
        second.initialize(manager, dataType, first.getOutputShapes(new Shape[] {pooled})[0]);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray pooled = x.reshape(x.getShape().get(0), x.getShape().get(1), -1).mean(new int[] {2});
        NDArray h = first.forward(ps, new NDList(pooled), training)
                .singletonOrThrow()
                .getNDArrayInternal()
                .relu();
        NDArray z = second.forward(ps, new NDList(h), training).singletonOrThrow();
        return new NDList(VoxelProjectionHead.l2Normalize(z, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), embeddingDim)};
    }
}
