package dev.fess.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The trained network: a {@link UNet3d} plus a {@link VoxelProjectionHead} on the U-Net's decoder features and a
 * {@link GlobalProjectionHead} on its bottleneck, as one {@link ai.djl.nn.Block}.
 *
 * <p>Input {@code B × Cin × D × H × W}. {@link #forward} returns, in this order:
 * <ol start="0">
 *   <li>{@link #LOGITS}: {@code B × classes × D × H × W}</li>
 *   <li>{@link #VOXEL_EMBEDDINGS}: {@code B × E × d × h × w}, unit length over E (the grid of the U-Net's
 *       feature level; full resolution by default). With {@link ModelSpec#voxelHeadOnSamples()} this position
 *       holds the U-Net's features {@code B × F × d × h × w} instead, and the loss projects its sampled voxels with
 *       {@link #voxelProjector}.</li>
 *   <li>{@link #GLOBAL_EMBEDDINGS}: {@code B × E}, unit rows</li>
 *   <li>{@link #FIRST_DEEP_SUPERVISION}…: deep-supervision logits when enabled (see {@link UNet3d})</li>
 * </ol>
 * Every arm can use this model. The Dice-only arm reads position 0 only; the heads then receive no gradient, so
 * freeze them ({@link #freezeHeads}) before handing the parameters to an optimiser.
 */
public final class SegmentationModel extends AbstractBlock {

    /** Position of the logits. */
    public static final int LOGITS = 0;
    /** Position of the voxel embeddings. */
    public static final int VOXEL_EMBEDDINGS = 1;
    /** Position of the global embeddings. */
    public static final int GLOBAL_EMBEDDINGS = 2;
    /** Position of the first deep-supervision logits, when enabled. */
    public static final int FIRST_DEEP_SUPERVISION = 3;

    private static final byte VERSION = 1;

    private final ModelSpec spec;
    private final UNet3d unet;
    private final VoxelProjectionHead voxelHead;
    private final GlobalProjectionHead globalHead;

    private SegmentationModel(ModelSpec spec) {
        super(VERSION);
        this.spec = spec;
        unet = addChildBlock("unet", UNet3d.of(spec.unet()));
        voxelHead = addChildBlock("voxelHead", new VoxelProjectionHead(spec.headHidden(), spec.embeddingDim()));
        globalHead = addChildBlock("globalHead", new GlobalProjectionHead(spec.headHidden(), spec.embeddingDim()));
    }

    /**
     * @param spec hyper-parameters
     * @return the model, uninitialised (call {@link #initialize} or {@link #initialize(NDManager, DataType)})
     */
    public static SegmentationModel of(ModelSpec spec) {
        return new SegmentationModel(spec);
    }

    /** @return the hyper-parameters */
    public ModelSpec getSpec() {
        return spec;
    }

    /** @return the U-Net */
    public UNet3d getUNet() {
        return unet;
    }

    /**
     * Initialises the parameters for inputs of any valid size (the smallest one is used to derive shapes).
     *
     * @param manager manager owning the parameters
     * @param dataType parameter type
     */
    public void initialize(NDManager manager, DataType dataType) {
        int m = spec.unet().sizeMultiple();
        initialize(manager, dataType, new Shape(1, spec.unet().inChannels(), m, m, m));
    }

    /**
     * The voxel head as a function on sampled feature rows {@code M × F → M × E} (see
     * {@link VoxelProjectionHead#projectRows}); give it to
     * {@code SupervisedContrastiveLoss.Builder.optProjector} when {@link ModelSpec#voxelHeadOnSamples()} is set.
     *
     * @param ps the parameter store used for training
     * @param training training flag
     * @return the projector
     */
    public UnaryOperator<NDArray> voxelProjector(ParameterStore ps, boolean training) {
        return rows -> voxelHead.projectRows(ps, rows, training);
    }

    /**
     * Freezes (or unfreezes) the projection heads, for the Dice-only arm.
     *
     * @param freeze whether to freeze
     */
    public void freezeHeads(boolean freeze) {
        voxelHead.freezeParameters(freeze);
        globalHead.freezeParameters(freeze);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        unet.initialize(manager, dataType, inputShapes);
        Shape[] out = unet.getOutputShapes(inputShapes);
        voxelHead.initialize(manager, dataType, out[UNet3d.FEATURES]);
        globalHead.initialize(manager, dataType, out[UNet3d.BOTTLENECK]);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList u = unet.forward(ps, inputs, training);
        NDList out = new NDList(
                u.get(UNet3d.LOGITS),
                spec.voxelHeadOnSamples()
                        ? u.get(UNet3d.FEATURES)
                        : ScopedForward.one(voxelHead, ps, u.get(UNet3d.FEATURES), training),
                ScopedForward.one(globalHead, ps, u.get(UNet3d.BOTTLENECK), training));
        for (int i = UNet3d.FIRST_DEEP_SUPERVISION; i < u.size(); i++) {
            out.add(u.get(i));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] u = unet.getOutputShapes(inputShapes);
        List<Shape> out = new ArrayList<>();
        out.add(u[UNet3d.LOGITS]);
        out.add(
                spec.voxelHeadOnSamples()
                        ? u[UNet3d.FEATURES]
                        : voxelHead.getOutputShapes(new Shape[] {u[UNet3d.FEATURES]})[0]);
        out.add(globalHead.getOutputShapes(new Shape[] {u[UNet3d.BOTTLENECK]})[0]);
        for (int i = UNet3d.FIRST_DEEP_SUPERVISION; i < u.length; i++) {
            out.add(u[i]);
        }
        return out.toArray(new Shape[0]);
    }
}
