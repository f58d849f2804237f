package dev.fess.config;

import dev.fess.loss.Arm;
import dev.fess.loss.SupConForm;

/**
 * The loss: the {@code loss} section of {@link TrainingConfig} (keys in {@link ConfigKeys}).
 *
 * @param arm the study arm ({@code loss})
 * @param lambda weight λ of the Dice term in {@code λ·Dice + (1−λ)·contrastive}
 * @param tau contrastive temperature τ
 * @param samplesPerClass contrastive voxel sample per class and batch (FESS; per batch for InfoNCE)
 * @param supConForm form of the FESS term ({@code contrastive_form}: {@code paper} or {@code bounded})
 * @param lambdaWarmup steps over which the contrastive weight ramps linearly from 0 to 1 − λ (0 = none)
 * @param featureGradScale factor on the FESS term's gradient where it enters the shared features (1 = as published,
 *     0 = the voxel head's input detached); forward values unchanged
 */
public record LossConfig(Arm arm, double lambda, double tau, int samplesPerClass, SupConForm supConForm,
        int lambdaWarmup, double featureGradScale) {}
