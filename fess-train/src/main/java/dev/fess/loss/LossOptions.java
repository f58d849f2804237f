package dev.fess.loss;

/**
 * Options for {@link Arm#loss}; {@link #defaults()} gives the paper's λ = 0.5 and τ = 0.5.
 *
 * @param dice activation of the Dice term
 * @param includeBackground Dice over channel 0 too
 * @param batchDice batch-global Dice sums
 * @param squaredPred squared Dice denominators
 * @param smooth ε for both numerator and denominator of Dice
 * @param classWeights Dice class weights, or null
 * @param lambda λ of the composite
 * @param temperature τ of the contrastive term
 * @param samplesPerClass K for SupCon (per class) and InfoNCE (per batch)
 * @param hardFraction SupCon hard-sample fraction
 * @param seed sampling seed of the contrastive term
 * @param boundedSupCon FESS term in the bounded form ({@link SupervisedContrastiveLoss.Builder#optBounded})
 * @param featureGradScale factor on the FESS term's gradient at the features it reads
 *     ({@link SupervisedContrastiveLoss.Builder#optFeatureGradScale}); 1 = as published
 */
public record LossOptions(
        DiceLoss.Activation dice,
        boolean includeBackground,
        boolean batchDice,
        boolean squaredPred,
        float smooth,
        float[] classWeights,
        float lambda,
        float temperature,
        int samplesPerClass,
        float hardFraction,
        long seed,
        boolean boundedSupCon,
        float featureGradScale) {

    /** @return softmax Dice with background, per sample, ε = 1e-5; λ = 0.5, τ = 0.5, K = 256, no hard samples */
    public static LossOptions defaults() {
        return new LossOptions(DiceLoss.Activation.SOFTMAX, true, false, false, 1e-5f, null, 0.5f, 0.5f, 256, 0f, 42,
                false, 1f);
    }

    /** @param v activation @return a copy with it */
    public LossOptions withDice(DiceLoss.Activation v) {
        return new LossOptions(v, includeBackground, batchDice, squaredPred, smooth, classWeights, lambda,
                temperature, samplesPerClass, hardFraction, seed, boundedSupCon, featureGradScale);
    }

    /** @param v λ @return a copy with it */
    public LossOptions withLambda(float v) {
        return new LossOptions(dice, includeBackground, batchDice, squaredPred, smooth, classWeights, v,
                temperature, samplesPerClass, hardFraction, seed, boundedSupCon, featureGradScale);
    }

    /** @param v τ @return a copy with it */
    public LossOptions withTemperature(float v) {
        return new LossOptions(dice, includeBackground, batchDice, squaredPred, smooth, classWeights, lambda,
                v, samplesPerClass, hardFraction, seed, boundedSupCon, featureGradScale);
    }

    /** @param v K @return a copy with it */
    public LossOptions withSamplesPerClass(int v) {
        return new LossOptions(dice, includeBackground, batchDice, squaredPred, smooth, classWeights, lambda,
                temperature, v, hardFraction, seed, boundedSupCon, featureGradScale);
    }

    /** @param v seed @return a copy with it */
    public LossOptions withSeed(long v) {
        return new LossOptions(dice, includeBackground, batchDice, squaredPred, smooth, classWeights, lambda,
                temperature, samplesPerClass, hardFraction, v, boundedSupCon, featureGradScale);
    }

    /** @param v hard fraction @return a copy with it */
    public LossOptions withHardFraction(float v) {
        return new LossOptions(dice, includeBackground, batchDice, squaredPred, smooth, classWeights, lambda,
                temperature, samplesPerClass, v, seed, boundedSupCon, featureGradScale);
    }

    /** @param v bounded SupCon @return a copy with it */
    public LossOptions withBoundedSupCon(boolean v) {
        return new LossOptions(dice, includeBackground, batchDice, squaredPred, smooth, classWeights, lambda,
                temperature, samplesPerClass, hardFraction, seed, v, featureGradScale);
    }

    /** @param v feature-gradient scale of the FESS term @return a copy with it */
    public LossOptions withFeatureGradScale(float v) {
        return new LossOptions(dice, includeBackground, batchDice, squaredPred, smooth, classWeights, lambda,
                temperature, samplesPerClass, hardFraction, seed, boundedSupCon, v);
    }
}
