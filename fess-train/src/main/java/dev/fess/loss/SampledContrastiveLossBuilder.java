package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * The settings of a contrastive term that samples voxels (InfoNCE, SupCon) on top of
 * {@link ContrastiveLossBuilder}'s: the sampling seed and the optional projector applied to the gathered rows.
 *
 * @param <T> the concrete builder
 */
public abstract class SampledContrastiveLossBuilder<T extends SampledContrastiveLossBuilder<T>>
        extends ContrastiveLossBuilder<T> {
    long seed = 42;
    UnaryOperator<NDArray> projector;

    /** @param defaultName the loss's name unless {@link #optName} sets another */
    SampledContrastiveLossBuilder(String defaultName) {
        super(defaultName);
    }

    /** @param v sampling seed (default 42) @return this */
    public T optSeed(long v) {
        seed = v;
        return self();
    }

    /**
     * @param v applied to the gathered {@code M × F} rows before the loss, e.g. the model's voxel head
     *     ({@code SegmentationModel.voxelProjector}): the embeddings input then holds pre-head features and only the
     *     sampled rows are projected; null (default): the input holds the embeddings
     * @return this
     */
    public T optProjector(UnaryOperator<NDArray> v) {
        projector = v;
        return self();
    }

    /**
     * Checks the shared settings and a sample count.
     *
     * @param setting the count's name in the message ({@code samples}, {@code samplesPerClass})
     * @param count the count, at least 2
     * @throws IllegalArgumentException naming the first bad setting
     */
    void validate(String setting, int count) {
        validate();
        if (count < 2) {
            throw new IllegalArgumentException(setting + " must be >= 2; got " + count);
        }
    }
}
