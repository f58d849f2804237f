package dev.fess.loss;

/**
 * A loss that samples (voxels, pairs): its draws are a function of a seed, which the training loop sets before every
 * step from (run seed, step), so a resumed run draws exactly what an uninterrupted one would.
 */
public interface SeededLoss {
    /** Restarts the loss's sampling stream from {@code seed}. */
    void reseed(long seed);
}
