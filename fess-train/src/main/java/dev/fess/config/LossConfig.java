package dev.fess.config;

import dev.fess.loss.Arm;
import java.util.List;

/**
 * The loss: the {@code loss} section of {@link TrainingConfig} (keys in {@link ConfigKeys}).
 *
 * @param arm the study arm ({@code loss})
 * @param lambda weight λ of the Dice term in {@code λ·Dice + (1−λ)·contrastive}
 * @param tau contrastive temperature τ
 * @param samplesPerClass contrastive voxel sample per class and batch (FESS; per batch for InfoNCE)
 * @param hardFraction share of the FESS sample drawn from misclassified voxels
 * @param batchDice batch-global Dice sums
 * @param squaredDice squared Dice denominators
 * @param diceSmooth ε of the Dice numerator and denominator
 * @param classWeights Dice weight per scored channel, or null for equal weights
 */
public record LossConfig(Arm arm, double lambda, double tau, int samplesPerClass, double hardFraction,
        boolean batchDice, boolean squaredDice, double diceSmooth, List<Double> classWeights) {

    public LossConfig {
        classWeights = classWeights == null ? null : List.copyOf(classWeights);
    }

    /** The class weights as floats, or null. */
    public float[] classWeightArray() {
        if (classWeights == null) {
            return null;
        }
        float[] w = new float[classWeights.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = classWeights.get(i).floatValue();
        }
        return w;
    }
}
