package dev.fess.loss;

/**
 * The terms of the last evaluation of a {@link CompositeLoss}, for logging.
 *
 * @param dice the Dice term (before weighting)
 * @param contrastive the contrastive term (before weighting; 0 for the Dice-only arm)
 * @param total λ·dice + (1−λ)·contrastive
 */
public record LossParts(float dice, float contrastive, float total) {}
