package dev.fess.model;

/**
 * Instance normalisation with a learnable per-channel affine transform: each (sample, channel) of a
 * {@code B × C × D × H × W} input is normalised over its D·H·W voxels,
 *
 * <pre>  y = γ_c · (x − μ_{b,c}) / sqrt(σ²_{b,c} + ε) + β_c</pre>
 *
 * (biased variance, ε = 1e-5 by default, as {@code torch.nn.InstanceNorm3d(affine=True)} without running
 * statistics). It is {@link GroupNorm} with one group per channel.
 */
public final class InstanceNorm3d extends GroupNorm {

    private InstanceNorm3d(float epsilon) {
        super(-1, epsilon);
    }

    /** @return an instance norm with ε = 1e-5 */
    public static InstanceNorm3d create() {
        return new InstanceNorm3d(1e-5f);
    }

    /**
     * @param epsilon ε added to the variance
     * @return an instance norm
     */
    public static InstanceNorm3d create(float epsilon) {
        return new InstanceNorm3d(epsilon);
    }
}
