package dev.fess.loss;

/**
 * The settings every contrastive term has (NT-Xent, InfoNCE, SupCon), and their checks: name, temperature τ, the
 * paper or bounded form ({@link ContrastiveForm}) and the feature-gradient scale s. A loss's own builder adds its
 * settings and calls {@link #validate()} from its {@code build()}, the way DJL's block builders share a base.
 *
 * @param <T> the concrete builder, returned by every setter so that calls chain
 */
public abstract class ContrastiveLossBuilder<T extends ContrastiveLossBuilder<T>> {
    String name;
    float temperature = 0.5f;
    boolean bounded;
    float featureGradScale = 1f;

    /** @param defaultName the loss's name unless {@link #optName} sets another */
    ContrastiveLossBuilder(String defaultName) {
        this.name = defaultName;
    }

    /** @return this builder as its concrete type */
    protected abstract T self();

    /** @param v name shown in DJL logs (default: the loss's short name) @return this */
    public T optName(String v) {
        name = v;
        return self();
    }

    /** @param v τ &gt; 0 (default 0.5) @return this */
    public T optTemperature(float v) {
        temperature = v;
        return self();
    }

    /**
     * @param v the bounded form, divided by the log of each row's number of candidates (see the loss's class
     *     comment for its formula); default false: the paper form
     * @return this
     */
    public T optBounded(boolean v) {
        bounded = v;
        return self();
    }

    /**
     * @param v factor s ∈ [0, 1] on the gradient that flows from the term into the features or embeddings it reads:
     *     they enter as {@code s·z + (1 − s)·stopGradient(z)}, the same values. 1 (default) = as published; 0 =
     *     input detached
     * @return this
     */
    public T optFeatureGradScale(float v) {
        featureGradScale = v;
        return self();
    }

    /**
     * Checks the shared settings.
     *
     * @throws IllegalArgumentException when τ ≤ 0 or s is outside [0, 1] (the message names the setting)
     */
    void validate() {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0; got " + temperature);
        }
        GradientScale.check(featureGradScale, "featureGradScale");
    }
}
