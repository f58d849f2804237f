package dev.fess.config;

import dev.fess.optim.LearningRateSchedule;
import dev.fess.optim.OptimizerKind;

/**
 * How long and how the parameters are updated: the {@code optimisation} section of {@link TrainingConfig} (keys in
 * {@link ConfigKeys}).
 *
 * @param epochs number of epochs
 * @param iterations optimiser steps per epoch
 * @param optimizer the optimiser
 * @param lr base learning rate
 * @param weightDecay weight decay (L2 for adam/sgd, decoupled for adamw)
 * @param momentum SGD momentum
 * @param schedule learning-rate decay after warm-up
 * @param warmup linear warm-up in optimiser steps
 * @param clipNorm maximum global gradient norm, 0 = no clipping
 * @param emaDecay decay d of the exponential moving average of the weights that the run validates and delivers
 *     ({@link dev.fess.optim.WeightAverage}), 0 = none
 */
public record OptimisationConfig(
        int epochs,
        int iterations,
        OptimizerKind optimizer,
        double lr,
        double weightDecay,
        double momentum,
        LearningRateSchedule.Kind schedule,
        int warmup,
        double clipNorm,
        double emaDecay) {

    /** Total optimiser steps: epochs × iterations. */
    public long totalSteps() {
        return (long) epochs * iterations;
    }

    /** The learning-rate schedule over the whole run. */
    public LearningRateSchedule learningRate() {
        return LearningRateSchedule.of(schedule, lr, totalSteps(), warmup);
    }
}
