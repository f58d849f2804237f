package dev.fess.config;

import dev.fess.UserInputException;
import dev.fess.dataset.LabelMapping;
import dev.fess.loss.Arm;
import dev.fess.loss.ContrastiveForm;
import dev.fess.loss.DiceLoss;
import dev.fess.loss.LossOptions;
import dev.fess.loss.RegionTargets;
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
 * @param contrastiveForm form of the contrastive term of any arm ({@code contrastive_form}: {@code paper} or
 *     {@code bounded})
 * @param lambdaWarmup steps over which the contrastive weight ramps linearly from 0 to 1 − λ (0 = none)
 * @param featureGradScale factor on the contrastive term's gradient where it enters the shared features (1 = as
 *     published, 0 = no gradient into the model through the term); forward values unchanged
 * @param contrastiveGradCap cap R on the ratio of the contrastive term's gradient norm to the Dice term's at the
 *     shared features, enforced per step by the trainer (0 = no cap; see {@code Trainer})
 */
public record LossConfig(
        Arm arm,
        double lambda,
        double tau,
        int samplesPerClass,
        double hardFraction,
        boolean batchDice,
        boolean squaredDice,
        double diceSmooth,
        List<Double> classWeights,
        ContrastiveForm contrastiveForm,
        int lambdaWarmup,
        double featureGradScale,
        double contrastiveGradCap) {

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

    /**
     * The arm's loss options for a label mapping, with every loss key applied: exclusive classes get softmax Dice
     * without background against the class map, overlapping regions sigmoid Dice against binary region targets
     * ({@link RegionTargets}); with deep supervision the Dice term also scores the model's deep outputs.
     *
     * @param seed the run's seed (the contrastive term's first sampling seed; the trainer reseeds it every step)
     * @param deepOutputs the model's deep-supervision outputs (0 = none)
     * @throws UserInputException when {@code class_weights} does not have one weight per scored channel
     */
    public LossOptions options(LabelMapping mapping, long seed, int deepOutputs) {
        boolean regions = !mapping.regions().isEmpty();
        float[] weights = classWeightArray();
        int scored = regions ? mapping.regions().size() : mapping.numClasses() - 1;
        if (weights != null && weights.length != scored) {
            throw new UserInputException("class_weights: expected " + scored + " weight(s), one per "
                    + (regions ? "region " : "class without background ")
                    + mapping.outputNames()
                            .subList(regions ? 0 : 1, mapping.outputNames().size()) + " of label mapping "
                    + mapping.name()
                    + ", got " + weights.length);
        }
        return LossOptions.builder()
                .dice(regions ? DiceLoss.Activation.SIGMOID : DiceLoss.Activation.SOFTMAX)
                .includeBackground(regions)
                .batchDice(batchDice)
                .squaredPred(squaredDice)
                .smooth((float) diceSmooth)
                .classWeights(weights)
                .diceTarget(regions ? RegionTargets.of(mapping.regions(), mapping.numClasses()) : null)
                .deepOutputs(deepOutputs)
                .lambda((float) lambda)
                .temperature((float) tau)
                .samplesPerClass(samplesPerClass)
                .hardFraction((float) hardFraction)
                .seed(seed)
                .boundedContrastive(contrastiveForm == ContrastiveForm.BOUNDED)
                .featureGradScale((float) featureGradScale)
                .build();
    }
}
