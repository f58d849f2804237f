package dev.fess.config;

import dev.fess.loss.Arm;

/**
 * The loss: the {@code loss} section of {@link TrainingConfig} (keys in {@link ConfigKeys}).
 *
 * @param arm the study arm ({@code loss})
 * @param lambda weight λ of the Dice term in {@code λ·Dice + (1−λ)·contrastive}
 * @param tau contrastive temperature τ
 * @param samplesPerClass contrastive voxel sample per class and batch (FESS; per batch for InfoNCE)
 */
public record LossConfig(Arm arm, double lambda, double tau, int samplesPerClass) {}
