package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import dev.fess.UserInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A study arm: the paper's method and its three baselines, each {@code λ·Dice + (1−λ)·contrastive} (Dice alone:
 * λ = 1). An arm knows what its loss needs from the training step — two augmented views, the projection heads, the
 * view-1 → view-2 voxel correspondence, voxel embeddings of every voxel or of a sample — and builds its loss.
 */
public enum Arm {
    /** Soft Dice loss alone. */
    DICE("Dice", false, false, false, false, false),
    /** λ·Dice + (1−λ)·supervised voxel contrastive (temperature τ) on a per-class voxel sample. */
    FESS("FESS", true, true, false, false, true),
    /** λ·Dice + (1−λ)·NT-Xent on pooled bottleneck features of two views (temperature τ). */
    SIMCLR("SimCLR", false, true, true, false, false),
    /** λ·Dice + (1−λ)·unsupervised voxel InfoNCE between two views (temperature τ). */
    INFONCE("InfoNCE", false, true, true, true, true);

    private final String label;
    private final boolean usesLambda;
    private final boolean usesTau;
    private final boolean twoViews;
    private final boolean needsCorrespondence;
    private final boolean sampledVoxelEmbeddings;

    Arm(
            String label,
            boolean usesLambda,
            boolean usesTau,
            boolean twoViews,
            boolean needsCorrespondence,
            boolean sampledVoxelEmbeddings) {
        this.label = label;
        this.usesLambda = usesLambda;
        this.usesTau = usesTau;
        this.twoViews = twoViews;
        this.needsCorrespondence = needsCorrespondence;
        this.sampledVoxelEmbeddings = sampledVoxelEmbeddings;
    }

    /** The name used in configurations, specs, directories and flags, e.g. {@code fess}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name shown in tables and figures, e.g. {@code SimCLR}. */
    public String label() {
        return label;
    }

    /** True when λ is the arm's own hyper-parameter (the FESS mixing weight; an experiment's λ grid applies). */
    public boolean usesLambda() {
        return usesLambda;
    }

    /** True when the arm has a contrastive temperature τ (an experiment's τ grid applies). */
    public boolean usesTau() {
        return usesTau;
    }

    /** True when the loss compares two augmented views of each patch ({@code predictions = view1 ++ view2}). */
    public boolean twoViews() {
        return twoViews;
    }

    /** True when the loss reads the projection heads' outputs; the Dice arm trains the bare U-Net. */
    public boolean usesHeads() {
        return this != DICE;
    }

    /** True when the loss needs the view-1 → view-2 voxel correspondence as its second label. */
    public boolean needsCorrespondence() {
        return needsCorrespondence;
    }

    /** True when the contrastive term reads the global embeddings of the bottleneck (SimCLR). */
    public boolean usesGlobalEmbeddings() {
        return this == SIMCLR;
    }

    /**
     * True when the loss projects only the voxels it samples, through the model's voxel head (FESS, InfoNCE); no
     * arm needs the voxel embedding of every voxel.
     */
    public boolean sampledVoxelEmbeddings() {
        return sampledVoxelEmbeddings;
    }

    /** The arm's loss; see {@link #loss(LossOptions, UnaryOperator)}. */
    public CompositeLoss loss(LossOptions options) {
        return loss(options, null);
    }

    /**
     * The arm's loss: {@code dice}: Dice alone; {@code fess}: λ·Dice + (1−λ)·SupCon; {@code simclr}:
     * λ·Dice + (1−λ)·NT-Xent; {@code infonce}: λ·Dice + (1−λ)·voxel InfoNCE.
     *
     * @param options Dice form and target, λ, τ, sample size, seed, the contrastive term's form (paper or bounded)
     *     and feature-gradient scale
     * @param voxelProjector for {@code fess} and {@code infonce}: the model's voxel head applied to sampled pre-head
     *     features ({@code SegmentationModel.voxelProjector}, with {@code ModelSpec.voxelHeadOnSamples}); null when
     *     the model already outputs voxel embeddings. Ignored by the other arms.
     */
    public CompositeLoss loss(LossOptions options, UnaryOperator<NDArray> voxelProjector) {
        DiceLoss dice = DiceLoss.builder()
                .optActivation(options.dice())
                .optIncludeBackground(options.includeBackground())
                .optBatch(options.batchDice())
                .optSquaredPred(options.squaredPred())
                .optSmoothNr(options.smooth())
                .optSmoothDr(options.smooth())
                .optClassWeights(options.classWeights())
                .build();
        CompositeLoss loss = switch (this) {
            case DICE -> CompositeLoss.diceOnly(dice);
            case FESS ->
                FessLoss.builder()
                        .optDice(dice)
                        .optLambda(options.lambda())
                        .optSupCon(SupervisedContrastiveLoss.builder()
                                .optTemperature(options.temperature())
                                .optSamplesPerClass(options.samplesPerClass())
                                .optHardFraction(options.hardFraction())
                                .optBounded(options.boundedContrastive())
                                .optFeatureGradScale(options.featureGradScale())
                                .optSeed(options.seed())
                                .optProjector(voxelProjector)
                                .build())
                        .build();
            case SIMCLR ->
                CompositeLoss.of(
                        key(),
                        dice,
                        NtXentLoss.builder()
                                .optTemperature(options.temperature())
                                .optBounded(options.boundedContrastive())
                                .optFeatureGradScale(options.featureGradScale())
                                .build(),
                        options.lambda());
            case INFONCE ->
                CompositeLoss.of(
                        key(),
                        dice,
                        InfoNceLoss.builder()
                                .optTemperature(options.temperature())
                                .optSamples(options.samplesPerClass())
                                .optSeed(options.seed())
                                .optBounded(options.boundedContrastive())
                                .optFeatureGradScale(options.featureGradScale())
                                .optProjector(voxelProjector)
                                .build(),
                        options.lambda());
        };
        loss = options.diceTarget() == null ? loss : loss.withDiceTarget(options.diceTarget());
        return options.deepOutputs() == 0 ? loss : loss.withDeepSupervision(options.deepOutputs());
    }

    /**
     * The arm called {@code key} (case-insensitive).
     *
     * @param where the setting and its source, for the message (e.g. {@code spec.yaml: arms})
     * @throws UserInputException for an unknown name, listing the valid ones
     */
    public static Arm of(String key, String where) {
        for (Arm a : values()) {
            if (a.key().equalsIgnoreCase(key)) {
                return a;
            }
        }
        throw new UserInputException(where + ": unknown arm '" + key + "' (expected one of: " + keys() + ")");
    }

    /** {@code dice, fess, simclr, infonce}. */
    public static String keys() {
        return Arrays.stream(values()).map(Arm::key).collect(Collectors.joining(", "));
    }
}
