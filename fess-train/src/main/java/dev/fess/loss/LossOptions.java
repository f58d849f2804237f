package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * Options for {@link Arm#loss}; {@link #defaults()} gives the paper's λ = 0.5 and τ = 0.5. Made by
 * {@link #builder()} or changed with {@link #toBuilder()}.
 *
 * @param dice activation of the Dice term
 * @param includeBackground Dice over channel 0 too
 * @param batchDice batch-global Dice sums
 * @param squaredPred squared Dice denominators
 * @param smooth ε for both numerator and denominator of Dice
 * @param classWeights Dice class weights, or null
 * @param diceTarget what the Dice term compares with, made from the label map {@code B × D × H × W} (e.g.
 *     {@link RegionTargets} for overlapping regions); null = the label map itself
 * @param deepOutputs deep-supervision outputs the Dice term also scores ({@link DeepSupervision}), 0 = none
 * @param lambda λ of the composite
 * @param temperature τ of the contrastive term
 * @param samplesPerClass K for SupCon (per class) and InfoNCE (per batch)
 * @param hardFraction SupCon hard-sample fraction
 * @param seed sampling seed of the contrastive term
 * @param boundedContrastive the contrastive term (of any arm) in the bounded form
 *     ({@link SupervisedContrastiveLoss.Builder#optBounded}, {@link NtXentLoss.Builder#optBounded},
 *     {@link InfoNceLoss.Builder#optBounded})
 * @param featureGradScale factor on the contrastive term's gradient into the features it reads
 *     ({@link SupervisedContrastiveLoss.Builder#optFeatureGradScale} and the same option of the baselines); 1 = as
 *     published
 */
public record LossOptions(
        DiceLoss.Activation dice,
        boolean includeBackground,
        boolean batchDice,
        boolean squaredPred,
        float smooth,
        float[] classWeights,
        UnaryOperator<NDArray> diceTarget,
        int deepOutputs,
        float lambda,
        float temperature,
        int samplesPerClass,
        float hardFraction,
        long seed,
        boolean boundedContrastive,
        float featureGradScale) {

    /** @return softmax Dice with background, per sample, ε = 1e-5; λ = 0.5, τ = 0.5, K = 256, no hard samples */
    public static LossOptions defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dice = dice;
        b.includeBackground = includeBackground;
        b.batchDice = batchDice;
        b.squaredPred = squaredPred;
        b.smooth = smooth;
        b.classWeights = classWeights;
        b.diceTarget = diceTarget;
        b.deepOutputs = deepOutputs;
        b.lambda = lambda;
        b.temperature = temperature;
        b.samplesPerClass = samplesPerClass;
        b.hardFraction = hardFraction;
        b.seed = seed;
        b.boundedContrastive = boundedContrastive;
        b.featureGradScale = featureGradScale;
        return b;
    }

    /** Builder of {@link LossOptions}; every setter returns the builder. */
    public static final class Builder {
        private DiceLoss.Activation dice = DiceLoss.Activation.SOFTMAX;
        private boolean includeBackground = true;
        private boolean batchDice;
        private boolean squaredPred;
        private float smooth = 1e-5f;
        private float[] classWeights;
        private UnaryOperator<NDArray> diceTarget;
        private int deepOutputs;
        private float lambda = 0.5f;
        private float temperature = 0.5f;
        private int samplesPerClass = 256;
        private float hardFraction;
        private long seed = 42;
        private boolean boundedContrastive;
        private float featureGradScale = 1f;

        private Builder() {}

        /** @param v activation of the Dice term (default softmax) @return this */
        public Builder dice(DiceLoss.Activation v) {
            dice = v;
            return this;
        }

        /** @param v Dice over channel 0 too (default true) @return this */
        public Builder includeBackground(boolean v) {
            includeBackground = v;
            return this;
        }

        /** @param v batch-global Dice sums (default false) @return this */
        public Builder batchDice(boolean v) {
            batchDice = v;
            return this;
        }

        /** @param v squared Dice denominators (default false) @return this */
        public Builder squaredPred(boolean v) {
            squaredPred = v;
            return this;
        }

        /** @param v Dice ε (default 1e-5) @return this */
        public Builder smooth(float v) {
            smooth = v;
            return this;
        }

        /** @param v Dice class weights, or null (default) @return this */
        public Builder classWeights(float[] v) {
            classWeights = v;
            return this;
        }

        /** @param v the Dice target made from the label map, or null for the label map (default) @return this */
        public Builder diceTarget(UnaryOperator<NDArray> v) {
            diceTarget = v;
            return this;
        }

        /** @param v deep-supervision outputs the Dice term also scores (default 0) @return this */
        public Builder deepOutputs(int v) {
            deepOutputs = v;
            return this;
        }

        /** @param v λ (default 0.5) @return this */
        public Builder lambda(float v) {
            lambda = v;
            return this;
        }

        /** @param v τ (default 0.5) @return this */
        public Builder temperature(float v) {
            temperature = v;
            return this;
        }

        /** @param v K (default 256) @return this */
        public Builder samplesPerClass(int v) {
            samplesPerClass = v;
            return this;
        }

        /** @param v SupCon hard-sample fraction (default 0) @return this */
        public Builder hardFraction(float v) {
            hardFraction = v;
            return this;
        }

        /** @param v sampling seed (default 42) @return this */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @param v contrastive term in the bounded form (default false: the published form) @return this */
        public Builder boundedContrastive(boolean v) {
            boundedContrastive = v;
            return this;
        }

        /** @param v factor on the FESS term's gradient at the features (default 1: as published) @return this */
        public Builder featureGradScale(float v) {
            featureGradScale = v;
            return this;
        }

        /** @return the options */
        public LossOptions build() {
            if (deepOutputs < 0) {
                throw new IllegalArgumentException("deepOutputs must be ≥ 0, got " + deepOutputs);
            }
            return new LossOptions(
                    dice,
                    includeBackground,
                    batchDice,
                    squaredPred,
                    smooth,
                    classWeights,
                    diceTarget,
                    deepOutputs,
                    lambda,
                    temperature,
                    samplesPerClass,
                    hardFraction,
                    seed,
                    boundedContrastive,
                    featureGradScale);
        }
    }
}
