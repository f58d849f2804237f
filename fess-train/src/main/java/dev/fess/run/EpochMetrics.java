package dev.fess.run;

import java.util.List;

/**
 * One row of {@code metrics.csv}: only computed quantities, so equal runs give equal bytes.
 *
 * @param epoch 1-based epoch
 * @param loss mean total loss over the epoch's steps (skipped steps excluded)
 * @param diceLoss mean Dice term
 * @param contrastiveLoss mean contrastive term
 * @param lr learning rate of the epoch's first step
 * @param skipped steps skipped for a non-finite loss or gradient
 * @param gradients mean gradient norms of the epoch ({@link GradientNorms})
 * @param valDice mean validation Dice over the outputs, NaN when not validated this epoch
 * @param valDicePerOutput validation Dice per output (region or foreground class), empty when not validated
 * @param collapse whether this validation fell more than {@code Trainer.COLLAPSE_DROP} below the best so far after
 *     the first fifth of the epochs (see {@code Trainer})
 */
public record EpochMetrics(
        int epoch,
        double loss,
        double diceLoss,
        double contrastiveLoss,
        double lr,
        int skipped,
        GradientNorms gradients,
        double valDice,
        List<Double> valDicePerOutput,
        boolean collapse) {

    public boolean validated() {
        return !Double.isNaN(valDice);
    }
}
