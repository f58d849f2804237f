package dev.fess.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * What the training loop needs from a loss: its value, its parts for logging, and a way to reseed its voxel
 * sampling at every step (so resuming needs no sampler state).
 */
public interface StepLoss {
    /** Loss of one batch; labels and predictions as in {@code dev.fess.loss.LossInputs}. */
    NDArray evaluate(NDList labels, NDList predictions);

    /** {dice term, contrastive term} of the last evaluation (before weighting). */
    double[] lastParts();

    /** Reseeds the loss's sampling; called before every step with a seed derived from (run seed, step). */
    void reseed(long seed);

    /** Whether the loss needs two augmented views (SimCLR, InfoNCE). */
    boolean twoViews();

    /** Whether the loss reads the projection heads (every arm but Dice). */
    boolean usesHeads();

    /** Whether the loss needs the view-1 → view-2 voxel correspondence (InfoNCE). */
    default boolean needsCorrespondence() {
        return false;
    }
}
