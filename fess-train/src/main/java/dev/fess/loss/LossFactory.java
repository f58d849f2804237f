package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import java.util.List;

/** Builds the loss of a study arm by name. */
public final class LossFactory {

    /** The arm names, in the paper's order. */
    public static final List<String> ARMS = List.of("dice", "fess", "simclr", "infonce");

    private LossFactory() {}

    /**
     * @param arm one of {@link #ARMS} (case-insensitive)
     * @param options options
     * @return {@code dice}: Dice alone; {@code fess}: λ·Dice + (1−λ)·SupCon; {@code simclr}: λ·Dice + (1−λ)·NT-Xent;
     *     {@code infonce}: λ·Dice + (1−λ)·voxel InfoNCE
     * @throws IllegalArgumentException for an unknown arm, listing the valid names
     */
    public static CompositeLoss create(String arm, LossOptions options) {
        return create(arm, options, null);
    }

    /**
     * As {@link #create(String, LossOptions)}, with the FESS term projecting only its sampled voxels.
     *
     * @param voxelProjector for {@code fess}: the model's voxel head applied to sampled pre-head features
     *     ({@code SegmentationModel.voxelProjector}, with {@code ModelSpec.voxelHeadOnSamples}); null when the model
     *     already outputs voxel embeddings. Ignored by the other arms.
     */
    public static CompositeLoss create(String arm, LossOptions options, UnaryOperator<NDArray> voxelProjector) {
        DiceLoss dice = DiceLoss.builder()
                .optActivation(options.dice())
                .optIncludeBackground(options.includeBackground())
                .optBatch(options.batchDice())
                .optSquaredPred(options.squaredPred())
                .optSmoothNr(options.smooth())
                .optSmoothDr(options.smooth())
                .optClassWeights(options.classWeights())
                .build();
        String name = arm == null ? "" : arm.toLowerCase(java.util.Locale.ROOT);
        switch (name) {
            case "dice":
                return CompositeLoss.diceOnly(dice);
            case "fess":
                return FessLoss.builder()
                        .optDice(dice)
                        .optLambda(options.lambda())
                        .optSupCon(SupervisedContrastiveLoss.builder()
                                .optTemperature(options.temperature())
                                .optSamplesPerClass(options.samplesPerClass())
                                .optHardFraction(options.hardFraction())
                                .optBounded(options.boundedSupCon())
                                .optFeatureGradScale(options.featureGradScale())
                                .optSeed(options.seed())
                                .optProjector(voxelProjector)
                                .build())
                        .build();
            case "simclr":
                return CompositeLoss.of("simclr", dice, NtXentLoss.of(options.temperature()), options.lambda());
            case "infonce":
                return CompositeLoss.of("infonce", dice, InfoNceLoss.builder()
                        .optTemperature(options.temperature())
                        .optSamples(options.samplesPerClass())
                        .optSeed(options.seed())
                        .build(), options.lambda());
            default:
                throw new IllegalArgumentException("unknown loss arm '" + arm + "'; expected one of " + ARMS);
        }
    }
}
