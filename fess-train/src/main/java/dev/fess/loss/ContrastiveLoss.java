package dev.fess.loss;

import ai.djl.training.loss.Loss;

/**
 * What every contrastive term holds (NT-Xent, InfoNCE, SupCon): the temperature τ, the paper or bounded form
 * ({@link ContrastiveForm}) and the feature-gradient scale s, as set by its {@link ContrastiveLossBuilder}. The
 * formulas are the subclasses'.
 */
public abstract class ContrastiveLoss extends Loss {
    /** τ &gt; 0. */
    final float temperature;
    /** Whether the term is its bounded form. */
    final boolean bounded;
    /** Factor in [0, 1] on the gradient into the features or embeddings the term reads. */
    final float featureGradScale;

    /** @param b a checked builder */
    ContrastiveLoss(ContrastiveLossBuilder<?> b) {
        super(b.name);
        this.temperature = b.temperature;
        this.bounded = b.bounded;
        this.featureGradScale = b.featureGradScale;
    }

    /** @return τ */
    public float getTemperature() {
        return temperature;
    }

    /** @return whether the term is the bounded form (see the subclass for its formula) */
    public boolean isBounded() {
        return bounded;
    }
}
