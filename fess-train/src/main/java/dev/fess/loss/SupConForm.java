package dev.fess.loss;

/**
 * The form of the FESS contrastive term (see {@link SupervisedContrastiveLoss}).
 */
public enum SupConForm {
    /** SupCon as published: {@code mean_i −1/|P(i)| Σ_p log softmax(z_i·z_p/τ)}, values ≈ log M (≈ 6 for K = 256). */
    PAPER,
    /** Per anchor {@code (ℓ_i − log|P(i)|)/log(M − 1)}: ≥ 0, O(1) range, gradient the paper's over log(M − 1). */
    BOUNDED
}
