package dev.fess.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Group normalisation (Wu &amp; He 2018) with a learnable per-channel affine transform.
 *
 * <p>Input {@code B × C × S₁ × … × S_k} (any number of spatial axes, in the U-Net {@code B × C × D × H × W}).
 * The C channels are split into G groups of C/G consecutive channels; each (sample, group) is normalised over
 * its channels and all spatial positions:
 *
 * <pre>  y = γ_c · (x − μ_{b,g}) / sqrt(σ²_{b,g} + ε) + β_c</pre>
 *
 * with μ and σ² the mean and the biased variance over the group (as {@code torch.nn.GroupNorm}); γ starts at 1,
 * β at 0. The statistics are computed from the input alone, so training and inference behave the same.
 * {@link InstanceNorm3d} is the special case G = C.
 */
public class GroupNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int groups;
    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;

    /**
     * @param groups number of groups G (must divide the channel count), or {@code -1} for one group per channel
     * @param epsilon ε added to the variance
     */
    protected GroupNorm(int groups, float epsilon) {
        super(VERSION);
        if (groups == 0 || groups < -1) {
            throw new IllegalArgumentException("groups must be positive (or -1 for one per channel); got " + groups);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0; got " + epsilon);
        }
        this.groups = groups;
        this.epsilon = epsilon;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    /**
     * A group norm with {@code groups} groups.
     *
     * @param groups number of groups; must divide the channel count of the input
     * @return the block
     */
    public static GroupNorm of(int groups) {
        return new GroupNorm(groups, 1e-5f);
    }

    /**
     * A group norm with {@code groups} groups and the given ε.
     *
     * @param groups number of groups; must divide the channel count of the input
     * @param epsilon ε added to the variance (default 1e-5)
     * @return the block
     */
    public static GroupNorm of(int groups, float epsilon) {
        return new GroupNorm(groups, epsilon);
    }

    /** @return the configured number of groups ({@code -1} = one per channel) */
    public int getGroups() {
        return groups;
    }

    private int groupsFor(long channels) {
        int g = groups == -1 ? (int) channels : groups;
        if (channels % g != 0) {
            throw new IllegalArgumentException(
                    "GroupNorm: the channel count must be a multiple of the number of groups " + g + "; got " + channels
                            + " channels");
        }
        return g;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() < 3) {
            throw new IllegalArgumentException("GroupNorm expects B × C × spatial...; got shape " + in);
        }
        groupsFor(in.get(1));
        gamma.setShape(new Shape(in.get(1)));
        beta.setShape(new Shape(in.get(1)));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray g = parameterStore.getValue(gamma, x.getDevice(), training);
        NDArray b = parameterStore.getValue(beta, x.getDevice(), training);
        return new NDList(groupNorm(x, groupsFor(x.getShape().get(1)), g, b, epsilon));
    }

    /**
     * Group normalisation as a function.
     *
     * @param x input {@code B × C × spatial...}
     * @param groups number of groups G, dividing C
     * @param gamma scale, shape {@code C}
     * @param beta shift, shape {@code C}
     * @param epsilon ε added to the variance
     * @return normalised array, same shape as {@code x}
     */
    public static NDArray groupNorm(NDArray x, int groups, NDArray gamma, NDArray beta, float epsilon) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long channels = shape.get(1);
        NDArray grouped = x.reshape(batch, groups, -1);
        NDArray mean = grouped.mean(new int[] {2}, true);
        NDArray centred = grouped.sub(mean);
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray normalised = centred.div(variance.add(epsilon).sqrt()).reshape(shape);
        long[] affineShape = new long[shape.dimension()];
        java.util.Arrays.fill(affineShape, 1L);
        affineShape[1] = channels;
        Shape s = new Shape(affineShape);
        return normalised.mul(gamma.reshape(s)).add(beta.reshape(s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
