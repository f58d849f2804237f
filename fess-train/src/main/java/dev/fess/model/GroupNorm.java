package dev.fess.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

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
        gamma = addParameter(Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .build());
        beta = addParameter(
                Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
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
        long rows = batch * groups;
        if (shape.size() / rows < 2) {
            return groupNormElementwise(x, groups, gamma, beta, epsilon);
        }
        // One fused kernel (forward and backward) instead of ~8 element-wise passes that each keep a full-size
        // intermediate for the backward pass: PyTorch's batch norm in training mode on the view 1 × (B·G) × rest
        // normalises every (sample, group) row by its own mean and biased variance — exactly the group statistics
        // (torch.nn.functional.instance_norm does the same). The running statistics it updates are scratch.
        NDManager m = x.getManager();
        NDArray rows3 = x.reshape(1, rows, -1);
        NDArray runningMean = m.zeros(new Shape(rows), x.getDataType());
        NDArray runningVar = m.ones(new Shape(rows), x.getDataType());
        long[] affineShape = new long[shape.dimension()];
        Arrays.fill(affineShape, 1L);
        affineShape[1] = channels;
        if (groups == channels) {
            // instance norm: the per-channel affine transform is a per-row one, fused into the same kernel
            return x.getNDArrayInternal()
                    .batchNorm(
                            rows3, runningMean, runningVar, gamma.tile(batch), beta.tile(batch), 1, 0.1f, epsilon, true)
                    .singletonOrThrow()
                    .reshape(shape);
        }
        NDArray normalised = x.getNDArrayInternal()
                .batchNorm(
                        rows3,
                        runningMean,
                        runningVar,
                        m.ones(new Shape(rows), x.getDataType()),
                        m.zeros(new Shape(rows), x.getDataType()),
                        1,
                        0.1f,
                        epsilon,
                        true)
                .singletonOrThrow()
                .reshape(shape);
        Shape s = new Shape(affineShape);
        return normalised.mul(gamma.reshape(s)).add(beta.reshape(s));
    }

    /** The same by element-wise operations; for rows of a single value, which batch norm refuses in training. */
    private static NDArray groupNormElementwise(NDArray x, int groups, NDArray gamma, NDArray beta, float epsilon) {
        Shape shape = x.getShape();
        NDArray grouped = x.reshape(shape.get(0), groups, -1);
        NDArray mean = grouped.mean(new int[] {2}, true);
        NDArray centred = grouped.sub(mean);
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray normalised = centred.div(variance.add(epsilon).sqrt()).reshape(shape);
        long[] affineShape = new long[shape.dimension()];
        Arrays.fill(affineShape, 1L);
        affineShape[1] = shape.get(1);
        Shape s = new Shape(affineShape);
        return normalised.mul(gamma.reshape(s)).add(beta.reshape(s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
