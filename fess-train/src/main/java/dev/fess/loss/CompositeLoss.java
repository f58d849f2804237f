package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.fess.model.Scalars;
import dev.fess.model.SegmentationModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code L = λ · Dice + (1 − λ) · contrastive}, the form of every arm of the study: FESS (SupCon), SimCLR
 * (NT-Xent), InfoNCE, and Dice alone (λ = 1, no contrastive term). {@link Arm#loss} builds the arms.
 *
 * <p>{@link #evaluate} gives each term the inputs {@link #inputForComponent} chooses (as DJL's
 * {@code AbstractCompositeLoss}): by default both get the labels and predictions unchanged (see {@link LossInputs};
 * the Dice term reads view 1's logits), except that a {@code diceTarget} replaces the label map for the Dice term
 * (binary region targets for sigmoid regions, {@link RegionTargets}). It records the terms of the last call in
 * {@link #lastParts()} with one copy to the host for all three values. Sampled contrastive terms are reseeded
 * through {@link #reseed} ({@link SeededLoss}).
 */
public class CompositeLoss extends Loss implements SeededLoss {
    /** Component index of the Dice term in {@link #inputForComponent}. */
    public static final int DICE = 0;
    /** Component index of the contrastive term in {@link #inputForComponent}. */
    public static final int CONTRASTIVE = 1;

    private final DiceLoss dice;
    private final Loss contrastive;
    private final float lambda;
    private final UnaryOperator<NDArray> diceTarget;
    private final int deepOutputs;
    private final int lambdaWarmup;
    private long step;
    private LossParts lastParts;

    /**
     * @param name name shown in logs
     * @param dice the Dice term
     * @param contrastive the contrastive term, or null for Dice alone (then λ must be 1)
     * @param lambda λ in [0, 1]
     * @param diceTarget the Dice term's target made from the label map, or null for the label map itself
     * @param deepOutputs deep-supervision outputs the Dice term also scores ({@link DeepSupervision#loss}), 0 = none
     */
    protected CompositeLoss(
            String name,
            DiceLoss dice,
            Loss contrastive,
            float lambda,
            UnaryOperator<NDArray> diceTarget,
            int deepOutputs) {
        this(name, dice, contrastive, lambda, diceTarget, deepOutputs, 0);
    }

    private CompositeLoss(
            String name,
            DiceLoss dice,
            Loss contrastive,
            float lambda,
            UnaryOperator<NDArray> diceTarget,
            int deepOutputs,
            int lambdaWarmup) {
        super(name);
        if (lambdaWarmup < 0) {
            throw new IllegalArgumentException("lambdaWarmup must be ≥ 0, got " + lambdaWarmup);
        }
        if (dice == null) {
            throw new IllegalArgumentException("the Dice term must be set");
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1]; got " + lambda);
        }
        if (contrastive == null && lambda != 1) {
            throw new IllegalArgumentException("lambda must be 1 without a contrastive term; got " + lambda);
        }
        this.dice = dice;
        this.contrastive = contrastive;
        this.lambda = lambda;
        this.diceTarget = diceTarget;
        this.deepOutputs = deepOutputs;
        this.lambdaWarmup = lambdaWarmup;
    }

    /**
     * @param name name shown in logs
     * @param dice the Dice term
     * @param contrastive the contrastive term
     * @param lambda λ in [0, 1]
     * @return λ·dice + (1−λ)·contrastive
     */
    public static CompositeLoss of(String name, DiceLoss dice, Loss contrastive, float lambda) {
        return new CompositeLoss(name, dice, contrastive, lambda, null, 0);
    }

    /**
     * @param dice the Dice term
     * @return Dice alone, with the same {@link #lastParts()} reporting as the composites
     */
    public static CompositeLoss diceOnly(DiceLoss dice) {
        return new CompositeLoss("dice", dice, null, 1f, null, 0);
    }

    /** This loss with the Dice term comparing against {@code target(label map)}; null = the label map. */
    public CompositeLoss withDiceTarget(UnaryOperator<NDArray> target) {
        return new CompositeLoss(getName(), dice, contrastive, lambda, target, deepOutputs, lambdaWarmup);
    }

    /** This loss with the Dice term also scoring {@code outputs} deep-supervision outputs (0 = none). */
    public CompositeLoss withDeepSupervision(int outputs) {
        return new CompositeLoss(getName(), dice, contrastive, lambda, diceTarget, outputs, lambdaWarmup);
    }

    /**
     * This loss with the contrastive weight ramped linearly from 0 to {@code 1 − λ} over the first {@code steps}
     * optimiser steps (the Dice weight is 1 minus it); 0 = no warm-up.
     */
    public CompositeLoss withLambdaWarmup(int steps) {
        return new CompositeLoss(getName(), dice, contrastive, lambda, diceTarget, deepOutputs, steps);
    }

    /** @return λ */
    public float getLambda() {
        return lambda;
    }

    /** @return the Dice term */
    public DiceLoss getDice() {
        return dice;
    }

    /** @return the contrastive term, or null for Dice alone */
    public Loss getContrastive() {
        return contrastive;
    }

    /** @return the terms of the last {@link #evaluate} call, or null before the first */
    public LossParts lastParts() {
        return lastParts;
    }

    /** Reseeds the contrastive term's sampling, if it samples. */
    @Override
    public void reseed(long seed) {
        if (contrastive instanceof SeededLoss s) {
            s.reseed(seed);
        }
    }

    /**
     * The labels and predictions of one term.
     *
     * @param component {@link #DICE} or {@link #CONTRASTIVE}
     * @return (labels, predictions) for that term
     */
    protected Pair<NDList, NDList> inputForComponent(int component, NDList labels, NDList predictions) {
        if (component == DICE && diceTarget != null) {
            return new Pair<>(new NDList(diceTarget.apply(labels.get(LossInputs.LABEL_MAP))), predictions);
        }
        return new Pair<>(labels, predictions);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return weighted(labels, predictions)[2];
    }

    /**
     * The loss as its two weighted summands; {@link #evaluate} returns their sum (used to measure each term's
     * gradient). Records {@link #lastParts()}. During a λ warm-up of W steps ({@link #withLambdaWarmup}) the weights
     * at step t are {@code 1 − w} and {@code w} with {@code w = (1−λ)·t/W}.
     *
     * @param labels labels ({@link LossInputs})
     * @param predictions predictions ({@link LossInputs})
     * @return {@code {λ·Dice, (1−λ)·contrastive}}, or {@code {Dice, null}} for Dice alone
     */
    public NDArray[] terms(NDList labels, NDList predictions) {
        NDArray[] w = weighted(labels, predictions);
        return new NDArray[] {w[0], w[1]};
    }

    /** {@code {λ·Dice, (1−λ)·contrastive, their sum}} (or {@code {Dice, null, Dice}}); records {@link #lastParts()}. */
    private NDArray[] weighted(NDList labels, NDList predictions) {
        Pair<NDList, NDList> di = inputForComponent(DICE, labels, predictions);
        NDArray d = deepOutputs == 0 ? dice.evaluate(di.getKey(), di.getValue()) : deepDice(di);
        if (contrastive == null) {
            float v = d.stopGradient().toType(DataType.FLOAT32, false).getFloat();
            lastParts = new LossParts(v, 0f, v);
            return new NDArray[] {d, null, d};
        }
        Pair<NDList, NDList> ci = inputForComponent(CONTRASTIVE, labels, predictions);
        NDArray c = contrastive.evaluate(ci.getKey(), ci.getValue());
        float w = (float) contrastiveWeight(step);
        NDArray[] t = {Scalars.mul(d, 1 - w), Scalars.mul(c, w)};
        NDArray total = t[0].add(t[1]);
        float[] parts = NDArrays.stack(new NDList(d.stopGradient(), c.stopGradient(), total.stopGradient()))
                .toType(DataType.FLOAT32, false)
                .toFloatArray();
        lastParts = new LossParts(parts[0], parts[1], parts[2]);
        return new NDArray[] {t[0], t[1], total};
    }

    /**
     * Tells the loss the global step about to be computed (for the λ warm-up); the trainer calls it before every step.
     *
     * @param t 0-based global optimiser step
     */
    public void atStep(long t) {
        step = t;
    }

    /**
     * @param t global step
     * @return the contrastive weight at step t: {@code (1−λ)·t/W} during a warm-up of W steps, then {@code 1 − λ}
     */
    public double contrastiveWeight(long t) {
        return lambdaWarmup > 0 && t < lambdaWarmup ? (1 - lambda) * (double) t / lambdaWarmup : 1 - lambda;
    }

    /** The Dice term over the full-resolution logits and the deep outputs ({@link DeepSupervision#loss}). */
    private NDArray deepDice(Pair<NDList, NDList> in) {
        NDList predictions = in.getValue();
        List<NDArray> logits = new ArrayList<>();
        logits.add(predictions.get(SegmentationModel.LOGITS));
        for (int i = 0; i < deepOutputs; i++) {
            logits.add(predictions.get(SegmentationModel.FIRST_DEEP_SUPERVISION + i));
        }
        boolean binaryChannels = diceTarget != null;
        return DeepSupervision.loss(dice, in.getKey().get(LossInputs.LABEL_MAP), binaryChannels, logits);
    }
}
