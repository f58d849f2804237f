package dev.fess.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.fess.UserInputException;
import dev.fess.config.LossConfig;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.LabelMapping;
import dev.fess.loss.Arm;
import dev.fess.loss.CompositeLoss;
import dev.fess.loss.DeepSupervision;
import dev.fess.loss.DiceLoss;
import dev.fess.loss.InfoNceLoss;
import dev.fess.loss.LossOptions;
import dev.fess.loss.SupConForm;
import dev.fess.loss.SupervisedContrastiveLoss;
import dev.fess.model.SegmentationModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import dev.fess.model.Scalars;

/**
 * A study arm's {@link CompositeLoss} for the training loop: {@code λ·Dice + (1−λ)·contrastive}, with the Dice
 * term given what the mapping's output needs — the class map for softmax classes (background excluded), binary
 * region targets {@code B × R × D × H × W} for sigmoid regions — and the contrastive term the class map (and the
 * view-1 → view-2 correspondence for InfoNCE).
 */
public final class CompositeStepLoss implements StepLoss {
    private final CompositeLoss composite;
    private final Arm arm;
    private final List<int[]> regions;
    private final int numClasses;
    private final int deepOutputs;
    private final int lambdaWarmup;
    private long step;
    private double lastDice;
    private double lastContrastive;

    private CompositeStepLoss(Arm arm, CompositeLoss composite, LabelMapping mapping, int deepOutputs,
            int lambdaWarmup) {
        if (deepOutputs < 0) {
            throw new IllegalArgumentException("deepOutputs must be ≥ 0, got " + deepOutputs);
        }
        this.lambdaWarmup = lambdaWarmup;
        this.arm = arm;
        this.composite = composite;
        this.regions = mapping.regions();
        this.numClasses = mapping.numClasses();
        this.deepOutputs = deepOutputs;
    }

    /** The loss of the configuration's arm. */
    public static CompositeStepLoss create(TrainingConfig cfg, LabelMapping mapping) {
        return create(cfg, mapping, null);
    }

    /**
     * The loss of the configuration's arm with every loss key applied ({@code batch_dice}, {@code squared_dice},
     * {@code dice_smooth}, {@code class_weights}, {@code hard_fraction}, λ, τ, K) and, with {@code deep_supervision},
     * the Dice term over the model's deep outputs ({@link DeepSupervision#loss}).
     *
     * @param voxelProjector the model's voxel head for the sampled voxels of the FESS term (see
     *     {@link Arm#loss(LossOptions, UnaryOperator)}), or null
     * @throws UserInputException when {@code class_weights} does not have one weight per scored channel
     */
    public static CompositeStepLoss create(TrainingConfig cfg, LabelMapping mapping,
            UnaryOperator<NDArray> voxelProjector) {
        boolean sigmoid = !mapping.regions().isEmpty();
        LossConfig l = cfg.loss();
        float[] weights = l.classWeightArray();
        int scored = sigmoid ? mapping.regions().size() : mapping.numClasses() - 1;
        if (weights != null && weights.length != scored) {
            throw new UserInputException("class_weights: expected " + scored + " weight(s), one per "
                    + (sigmoid ? "region " : "class without background ") + mapping.outputNames()
                    .subList(sigmoid ? 0 : 1, mapping.outputNames().size()) + " of label mapping " + mapping.name()
                    + ", got " + weights.length);
        }
        LossOptions o = new LossOptions(sigmoid ? DiceLoss.Activation.SIGMOID : DiceLoss.Activation.SOFTMAX,
                sigmoid, l.batchDice(), l.squaredDice(), (float) l.diceSmooth(), weights, (float) l.lambda(),
                (float) l.tau(), l.samplesPerClass(), (float) l.hardFraction(), cfg.run().seed(),
                l.supConForm() == SupConForm.BOUNDED, (float) l.featureGradScale());
        Arm arm = l.arm();
        return new CompositeStepLoss(arm, arm.loss(o, voxelProjector), mapping, cfg.model().deepOutputs(),
                l.lambdaWarmup());
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray[] t = terms(labels, predictions);
        return t[1] == null ? t[0] : t[0].add(t[1]);
    }

    @Override
    public NDArray[] terms(NDList labels, NDList predictions) {
        NDArray classMap = labels.get(0);
        NDArray diceTarget = regions.isEmpty() ? classMap : regionTargets(classMap);
        NDArray d;
        if (deepOutputs == 0) {
            d = composite.getDice().evaluate(new NDList(diceTarget), predictions);
        } else {
            List<NDArray> logits = new ArrayList<>();
            logits.add(predictions.get(SegmentationModel.LOGITS));
            for (int i = 0; i < deepOutputs; i++) {
                logits.add(predictions.get(SegmentationModel.FIRST_DEEP_SUPERVISION + i));
            }
            d = DeepSupervision.loss(composite.getDice(), diceTarget, !regions.isEmpty(), logits);
        }
        lastDice = d.toType(DataType.FLOAT64, false).getDouble();
        Loss contrastive = composite.getContrastive();
        if (contrastive == null) {
            lastContrastive = 0;
            return new NDArray[] {d, null};
        }
        NDArray c = contrastive.evaluate(labels, predictions);
        lastContrastive = c.toType(DataType.FLOAT64, false).getDouble();
        float lambda = composite.getLambda();
        if (lambdaWarmup > 0 && step < lambdaWarmup) {
            float w = (1 - lambda) * step / lambdaWarmup;
            return new NDArray[] {Scalars.mul(d, 1 - w), Scalars.mul(c, w)};
        }
        return new NDArray[] {Scalars.mul(d, lambda), Scalars.mul(c, 1 - lambda)};
    }

    private NDArray regionTargets(NDArray classMap) {
        Shape s = classMap.getShape();
        NDArray lut = classMap.getManager().zeros(new Shape(regions.size(), numClasses), DataType.FLOAT32);
        float[] table = new float[regions.size() * numClasses];
        for (int r = 0; r < regions.size(); r++) {
            for (int c : regions.get(r)) {
                table[r * numClasses + c] = 1f;
            }
        }
        lut.set(java.nio.FloatBuffer.wrap(table));
        // one-hot over classes (B × K × …), then contract with the region table: B × R × …
        NDArray oneHot = classMap.toType(DataType.INT64, false).oneHot(numClasses); // B × D × H × W × K
        NDArray flat = oneHot.reshape(-1, numClasses).toType(DataType.FLOAT32, false).matMul(lut.transpose());
        return flat.reshape(s.get(0), s.get(1), s.get(2), s.get(3), regions.size()).transpose(0, 4, 1, 2, 3);
    }

    @Override
    public void atStep(long t) {
        step = t;
    }

    /**
     * @param t global step
     * @return the contrastive weight at step t: {@code (1−λ)·t/W} during a warm-up of W steps, then 1 − λ
     */
    public double contrastiveWeight(long t) {
        float lambda = composite.getLambda();
        return lambdaWarmup > 0 && t < lambdaWarmup ? (1 - lambda) * (float) t / lambdaWarmup : 1 - lambda;
    }

    @Override
    public double[] lastParts() {
        return new double[] {lastDice, lastContrastive};
    }

    @Override
    public void reseed(long seed) {
        Loss c = composite.getContrastive();
        if (c instanceof SupervisedContrastiveLoss s) {
            s.reseed(seed);
        } else if (c instanceof InfoNceLoss i) {
            i.reseed(seed);
        }
    }

    @Override
    public boolean twoViews() {
        return arm.twoViews();
    }

    @Override
    public boolean usesHeads() {
        return arm.usesHeads();
    }

    @Override
    public boolean needsCorrespondence() {
        return arm.needsCorrespondence();
    }
}
