package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * A contrastive term that samples voxels (InfoNCE, SupCon): on top of {@link ContrastiveLoss}, an optional projector
 * of the gathered rows and a seeded sampling state. Call number k of the loss draws from (seed, k), so every call
 * advances the state; {@link #getSamplerState()} / {@link #setSamplerState(long[])} save and restore it (training
 * checkpoints), {@link #reseed(long)} restarts it.
 */
public abstract class SampledContrastiveLoss extends ContrastiveLoss implements SeededLoss {
    /** Applied to the gathered rows before the loss, or null (the inputs are embeddings already). */
    final UnaryOperator<NDArray> projector;
    /** The sampling state. */
    final SamplingStream sampling;

    /** @param b a checked builder */
    SampledContrastiveLoss(SampledContrastiveLossBuilder<?> b) {
        super(b);
        this.projector = b.projector;
        this.sampling = new SamplingStream(b.seed);
    }

    /**
     * Restarts sampling from a new seed.
     *
     * @param newSeed seed
     */
    @Override
    public void reseed(long newSeed) {
        sampling.reseed(newSeed);
    }

    /** @return {seed, number of calls so far}; restore with {@link #setSamplerState} */
    public long[] getSamplerState() {
        return sampling.state();
    }

    /** @param state a value of {@link #getSamplerState()} */
    public void setSamplerState(long[] state) {
        sampling.restore(state);
    }
}
