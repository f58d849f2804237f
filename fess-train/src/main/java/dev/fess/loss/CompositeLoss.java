package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import dev.fess.model.Scalars;

/**
 * {@code L = λ · Dice + (1 − λ) · contrastive}, the form of every arm of the study: FESS (SupCon), SimCLR
 * (NT-Xent), InfoNCE, and Dice alone (λ = 1, no contrastive term).
 *
 * <p>{@link #evaluate} passes its labels and predictions unchanged to both terms (see {@link LossInputs} for the
 * layout; the Dice term reads view 1's logits) and records the terms of the last call in {@link #lastParts()}.
 */
public class CompositeLoss extends Loss {

    private final DiceLoss dice;
    private final Loss contrastive;
    private final float lambda;
    private LossParts lastParts;

    /**
     * @param name name shown in logs
     * @param dice the Dice term
     * @param contrastive the contrastive term, or null for Dice alone (then λ must be 1)
     * @param lambda λ in [0, 1]
     */
    protected CompositeLoss(String name, DiceLoss dice, Loss contrastive, float lambda) {
        super(name);
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
    }

    /**
     * @param name name shown in logs
     * @param dice the Dice term
     * @param contrastive the contrastive term
     * @param lambda λ in [0, 1]
     * @return λ·dice + (1−λ)·contrastive
     */
    public static CompositeLoss of(String name, DiceLoss dice, Loss contrastive, float lambda) {
        return new CompositeLoss(name, dice, contrastive, lambda);
    }

    /**
     * @param dice the Dice term
     * @return Dice alone, with the same {@link #lastParts()} reporting as the composites
     */
    public static CompositeLoss diceOnly(DiceLoss dice) {
        return new CompositeLoss("dice", dice, null, 1f);
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

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray[] t = terms(labels, predictions);
        return t[1] == null ? t[0] : t[0].add(t[1]);
    }

    /**
     * The loss as its two weighted summands; {@link #evaluate} returns their sum. Records {@link #lastParts()}.
     *
     * @param labels labels ({@link LossInputs})
     * @param predictions predictions ({@link LossInputs})
     * @return {@code {λ·Dice, (1−λ)·contrastive}}, or {@code {Dice, null}} for Dice alone
     */
    public NDArray[] terms(NDList labels, NDList predictions) {
        NDArray d = dice.evaluate(labels, predictions);
        if (contrastive == null) {
            lastParts = new LossParts(scalar(d), 0f, scalar(d));
            return new NDArray[] {d, null};
        }
        NDArray c = contrastive.evaluate(labels, predictions);
        NDArray[] t = {Scalars.mul(d, lambda), Scalars.mul(c, 1 - lambda)};
        lastParts = new LossParts(scalar(d), scalar(c), scalar(t[0].add(t[1])));
        return t;
    }

    private static float scalar(NDArray x) {
        return x.stopGradient().toType(DataType.FLOAT32, false).getFloat();
    }
}
