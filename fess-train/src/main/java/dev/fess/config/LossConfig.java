package dev.fess.config;

import dev.fess.dataset.LabelMapping;
import dev.fess.loss.Arm;
import dev.fess.loss.DiceLoss;
import dev.fess.loss.LossOptions;
import dev.fess.loss.RegionTargets;

/**
 * The loss: the {@code loss} section of {@link TrainingConfig} (keys in {@link ConfigKeys}).
 *
 * @param arm the study arm ({@code loss})
 * @param lambda weight λ of the Dice term in {@code λ·Dice + (1−λ)·contrastive}
 * @param tau contrastive temperature τ
 * @param samplesPerClass contrastive voxel sample per class and batch (FESS; per batch for InfoNCE)
 */
public record LossConfig(Arm arm, double lambda, double tau, int samplesPerClass) {

    /**
     * The arm's loss options for a label mapping: exclusive classes get softmax Dice without background against the
     * class map, overlapping regions sigmoid Dice against binary region targets ({@link RegionTargets}).
     *
     * @param seed the run's seed (the contrastive term's first sampling seed; the trainer reseeds it every step)
     */
    public LossOptions options(LabelMapping mapping, long seed) {
        boolean regions = !mapping.regions().isEmpty();
        return LossOptions.builder()
                .dice(regions ? DiceLoss.Activation.SIGMOID : DiceLoss.Activation.SOFTMAX)
                .includeBackground(regions)
                .diceTarget(regions ? RegionTargets.of(mapping.regions(), mapping.numClasses()) : null)
                .lambda((float) lambda)
                .temperature((float) tau)
                .samplesPerClass(samplesPerClass)
                .seed(seed)
                .build();
    }
}
