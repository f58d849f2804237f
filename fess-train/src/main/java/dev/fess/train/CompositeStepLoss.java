package dev.fess.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.fess.dataset.LabelMapping;
import dev.fess.loss.CompositeLoss;
import dev.fess.loss.DeepSupervision;
import dev.fess.loss.DiceLoss;
import dev.fess.loss.InfoNceLoss;
import dev.fess.loss.LossFactory;
import dev.fess.loss.LossOptions;
import dev.fess.loss.SupervisedContrastiveLoss;
import dev.fess.model.SegmentationModel;
import java.util.ArrayList;
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
    private final String arm;
    private final List<int[]> regions;
    private final int numClasses;
    private final int deepOutputs;
    private double lastDice;
    private double lastContrastive;

    private CompositeStepLoss(String arm, CompositeLoss composite, LabelMapping mapping, int deepOutputs) {
        if (deepOutputs < 0) {
            throw new IllegalArgumentException("deepOutputs must be ≥ 0, got " + deepOutputs);
        }
        this.arm = arm;
        this.composite = composite;
        this.regions = mapping.regions();
        this.numClasses = mapping.numClasses();
        this.deepOutputs = deepOutputs;
    }

    /** The loss of an arm ({@code dice|fess|simclr|infonce}) configured from the run configuration. */
    public static CompositeStepLoss create(TrainingConfig cfg, LabelMapping mapping) {
        return create(cfg, mapping, null);
    }

    /**
     * @param voxelProjector the model's voxel head for the sampled voxels of the FESS term (see
     *     {@link LossFactory#create(String, LossOptions, UnaryOperator)}), or null
     */
    public static CompositeStepLoss create(TrainingConfig cfg, LabelMapping mapping,
            UnaryOperator<NDArray> voxelProjector) {
        return create(cfg, mapping, voxelProjector, 0);
    }

    /**
     * @param deepOutputs the model's deep-supervision outputs per view (0: none); the Dice term is then
     *     {@link DeepSupervision#loss} over the full-resolution logits and these (see {@code SegmentationModel})
     */
    public static CompositeStepLoss create(TrainingConfig cfg, LabelMapping mapping,
            UnaryOperator<NDArray> voxelProjector, int deepOutputs) {
        boolean sigmoid = !mapping.regions().isEmpty();
        LossOptions o = LossOptions.defaults()
                .withDice(sigmoid ? DiceLoss.Activation.SIGMOID : DiceLoss.Activation.SOFTMAX)
                .withLambda((float) cfg.lambda())
                .withTemperature((float) cfg.tau())
                .withSamplesPerClass(cfg.samplesPerClass())
                .withSeed(cfg.seed());
        o = new LossOptions(o.dice(), sigmoid, o.batchDice(), o.squaredPred(), o.smooth(), o.classWeights(),
                o.lambda(), o.temperature(), o.samplesPerClass(), o.hardFraction(), o.seed());
        return new CompositeStepLoss(cfg.loss(), LossFactory.create(cfg.loss(), o, voxelProjector), mapping,
                deepOutputs);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
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
        lastDice = d.getFloat();
        Loss contrastive = composite.getContrastive();
        if (contrastive == null) {
            lastContrastive = 0;
            return d;
        }
        NDArray c = contrastive.evaluate(labels, predictions);
        lastContrastive = c.getFloat();
        float lambda = composite.getLambda();
        return d.mul(lambda).add(c.mul(1 - lambda));
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
        return arm.equals("simclr") || arm.equals("infonce");
    }

    @Override
    public boolean usesHeads() {
        return !arm.equals("dice");
    }

    @Override
    public boolean needsCorrespondence() {
        return arm.equals("infonce");
    }
}
