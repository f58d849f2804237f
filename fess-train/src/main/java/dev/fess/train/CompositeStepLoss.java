package dev.fess.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.LabelMapping;
import dev.fess.loss.Arm;
import dev.fess.loss.CompositeLoss;
import dev.fess.loss.DiceLoss;
import dev.fess.loss.InfoNceLoss;
import dev.fess.loss.LossOptions;
import dev.fess.loss.SupConForm;
import dev.fess.loss.SupervisedContrastiveLoss;
import java.util.List;
import java.util.function.UnaryOperator;

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
    private final int lambdaWarmup;
    private long step;
    private double lastDice;
    private double lastContrastive;

    private CompositeStepLoss(Arm arm, CompositeLoss composite, LabelMapping mapping, int lambdaWarmup) {
        this.lambdaWarmup = lambdaWarmup;
        this.arm = arm;
        this.composite = composite;
        this.regions = mapping.regions();
        this.numClasses = mapping.numClasses();
    }

    /** The loss of the configuration's arm. */
    public static CompositeStepLoss create(TrainingConfig cfg, LabelMapping mapping) {
        return create(cfg, mapping, null);
    }

    /**
     * @param voxelProjector the model's voxel head for the sampled voxels of the FESS term (see
     *     {@link Arm#loss(LossOptions, UnaryOperator)}), or null
     */
    public static CompositeStepLoss create(TrainingConfig cfg, LabelMapping mapping,
            UnaryOperator<NDArray> voxelProjector) {
        boolean sigmoid = !mapping.regions().isEmpty();
        LossOptions o = LossOptions.defaults()
                .withDice(sigmoid ? DiceLoss.Activation.SIGMOID : DiceLoss.Activation.SOFTMAX)
                .withLambda((float) cfg.loss().lambda())
                .withTemperature((float) cfg.loss().tau())
                .withSamplesPerClass(cfg.loss().samplesPerClass())
                .withSeed(cfg.run().seed())
                .withBoundedSupCon(cfg.loss().supConForm() == SupConForm.BOUNDED)
                .withFeatureGradScale((float) cfg.loss().featureGradScale());
        o = new LossOptions(o.dice(), sigmoid, o.batchDice(), o.squaredPred(), o.smooth(), o.classWeights(),
                o.lambda(), o.temperature(), o.samplesPerClass(), o.hardFraction(), o.seed(), o.boundedSupCon(),
                o.featureGradScale());
        Arm arm = cfg.loss().arm();
        return new CompositeStepLoss(arm, arm.loss(o, voxelProjector), mapping, cfg.loss().lambdaWarmup());
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
        NDArray d = composite.getDice().evaluate(new NDList(diceTarget), predictions);
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
            return new NDArray[] {d.mul(1 - w), c.mul(w)};
        }
        return new NDArray[] {d.mul(lambda), c.mul(1 - lambda)};
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
