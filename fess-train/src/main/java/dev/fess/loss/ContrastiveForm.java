package dev.fess.loss;

/**
 * The form of an arm's contrastive term (training key {@code contrastive_form}).
 */
public enum ContrastiveForm {
    /**
     * As published: SupCon {@code mean_i −1/|P(i)| Σ_p log softmax(z_i·z_p/τ)} (FESS, values ≈ log M ≈ 6 for
     * K = 256), MONAI's NT-Xent (SimCLR), voxel InfoNCE (values ≈ log N ≈ 5.5 for K = 256).
     */
    PAPER,
    /**
     * Each anchor's term minus its lower bound, over the log of its number of candidates: SupCon
     * {@code (ℓ_i − log|P(i)|)/log(M − 1)}, NT-Xent {@code L/log(2B − 1)}, InfoNCE {@code L/log N}; ≥ 0, O(1) range,
     * gradient the published one over that log.
     */
    BOUNDED
}
