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

    /**
     * The loss as its two weighted summands, {@code {λ·Dice, (1−λ)·contrastive}} (the second null without a
     * contrastive term); {@link #evaluate} returns their sum. Used to measure each term's gradient. The default
     * treats the whole loss as the Dice term (a loss without a contrastive part).
     */
    default NDArray[] terms(NDList labels, NDList predictions) {
        return new NDArray[] {evaluate(labels, predictions), null};
    }

    /** {dice term, contrastive term} of the last evaluation (before weighting). */
    double[] lastParts();

    /** Reseeds the loss's sampling; called before every step with a seed derived from (run seed, step). */
    void reseed(long seed);

    /**
     * Tells the loss the global step about to be computed (for weight schedules); called before every step.
     *
     * @param step 0-based global optimiser step
     */
    default void atStep(long step) {}

    /** Whether the loss needs two augmented views (SimCLR, InfoNCE). */
    boolean twoViews();

    /** Whether the loss reads the projection heads (every arm but Dice). */
    boolean usesHeads();

    /** Whether the loss needs the view-1 → view-2 voxel correspondence (InfoNCE). */
    default boolean needsCorrespondence() {
        return false;
    }
}
