package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.fess.model.Scalars;
import dev.fess.model.SegmentationModel;
import java.util.Arrays;

/**
 * Soft Dice loss with MONAI {@code DiceLoss} semantics.
 *
 * <p>Inputs: logits {@code B × C × S…} (any number of spatial axes S) and a target that is either a label map
 * {@code B × S…} / {@code B × 1 × S…} of integer classes (one-hot encoded inside to C channels; with C = 1 it is
 * used as the binary target itself) or multi-channel binary targets {@code B × C × S…} (e.g. overlapping BraTS
 * regions with sigmoid). With p the probabilities and g the target, for each (sample, class) — or each class,
 * with {@code batch} — summing over the spatial axes (and the batch):
 *
 * <pre>  f = 1 − (2 Σ p·g + smoothNr) / (Σ p^q + Σ g^q + smoothDr)      q = 2 if squaredPred else 1
 *  loss = mean over (b, c) of  w_c · f_{b,c}                            (or mean over c of w_c · f_c)</pre>
 *
 * Options:
 * <ul>
 *   <li>{@code activation}: SIGMOID (independent channels: binary or overlapping regions), SOFTMAX (over C,
 *       mutually exclusive classes; needs C ≥ 2) or NONE (the inputs are already probabilities).</li>
 *   <li>{@code includeBackground}: when false, channel 0 is dropped from p and g after the activation.</li>
 *   <li>{@code squaredPred}: squared sums in the denominator (Milletari's V-Net form).</li>
 *   <li>{@code batch}: sum over the batch before dividing (batch-global Dice, as the paper's released code).</li>
 *   <li>{@code smoothNr}, {@code smoothDr}: ε added to the numerator / denominator (default 1e-5 each).</li>
 *   <li>{@code classWeights}: one weight ≥ 0 per remaining class (after background exclusion).</li>
 * </ul>
 * {@link #evaluate} reads {@code predictions[}{@link SegmentationModel#LOGITS}{@code ]} and
 * {@code labels[}{@link LossInputs#LABEL_MAP}{@code ]}.
 */
public final class DiceLoss extends Loss {

    /** What turns logits into probabilities. */
    public enum Activation {
        SIGMOID,
        SOFTMAX,
        NONE
    }

    private final Activation activation;
    private final boolean includeBackground;
    private final boolean squaredPred;
    private final boolean batch;
    private final float smoothNr;
    private final float smoothDr;
    private final float[] classWeights;

    private DiceLoss(Builder b) {
        super(b.name);
        activation = b.activation;
        includeBackground = b.includeBackground;
        squaredPred = b.squaredPred;
        batch = b.batch;
        smoothNr = b.smoothNr;
        smoothDr = b.smoothDr;
        classWeights = b.classWeights == null ? null : b.classWeights.clone();
    }

    /** @return a builder (defaults: softmax, include background, plain sums, per sample, ε = 1e-5) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the activation */
    public Activation getActivation() {
        return activation;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        LossInputs.require(labels, LossInputs.LABEL_MAP, "the label map");
        return compute(predictions.get(SegmentationModel.LOGITS), labels.get(LossInputs.LABEL_MAP));
    }

    /**
     * @param logits {@code B × C × S…}
     * @param target label map {@code B × S…} or {@code B × 1 × S…}, or binary targets {@code B × C × S…}
     * @return scalar loss
     */
    public NDArray compute(NDArray logits, NDArray target) {
        Shape ls = logits.getShape();
        if (ls.dimension() < 3) {
            throw new IllegalArgumentException("Dice expects logits B × C × spatial...; got shape " + ls);
        }
        long channels = ls.get(1);
        NDArray p;
        switch (activation) {
            case SIGMOID:
                p = logits.getNDArrayInternal().sigmoid();
                break;
            case SOFTMAX:
                if (channels < 2) {
                    throw new IllegalArgumentException(
                            "Dice with softmax needs at least 2 channels; got 1 (use sigmoid for a binary output)");
                }
                p = logits.softmax(1);
                break;
            default:
                p = logits;
        }
        NDArray g = targetChannels(target, ls).toType(p.getDataType(), false);
        if (!includeBackground) {
            if (channels < 2) {
                throw new IllegalArgumentException("excluding the background needs at least 2 channels; got 1");
            }
            p = p.get(new NDIndex(":, 1:"));
            g = g.get(new NDIndex(":, 1:"));
        }
        int rank = ls.dimension();
        int[] axes = new int[batch ? rank - 1 : rank - 2];
        int k = 0;
        if (batch) {
            axes[k++] = 0;
        }
        for (int a = 2; a < rank; a++) {
            axes[k++] = a;
        }
        NDArray intersection = p.mul(g).sum(axes);
        NDArray predSum = squaredPred ? p.square().sum(axes) : p.sum(axes);
        NDArray targetSum = squaredPred ? g.square().sum(axes) : g.sum(axes);
        NDArray f = Scalars.mul(intersection, 2)
                .add(smoothNr)
                .div(predSum.add(targetSum).add(smoothDr))
                .neg()
                .add(1);
        if (classWeights != null) {
            long classes = f.getShape().get(f.getShape().dimension() - 1);
            if (classWeights.length != classes) {
                throw new IllegalArgumentException("Dice classWeights needs one weight per class"
                        + (includeBackground ? "" : " without the background") + ": expected " + classes + "; got "
                        + classWeights.length);
            }
            f = f.mul(f.getManager().create(classWeights).toType(f.getDataType(), false));
        }
        return f.mean();
    }

    private static NDArray targetChannels(NDArray target, Shape logits) {
        Shape ts = target.getShape();
        int rank = logits.dimension();
        long channels = logits.get(1);
        NDArray labelMap = null;
        if (ts.dimension() == rank - 1 && ts.equals(withoutChannel(logits))) {
            labelMap = target.expandDims(1);
        } else if (ts.dimension() == rank
                && ts.get(1) == 1
                && withoutChannel(ts).equals(withoutChannel(logits))) {
            labelMap = target;
        } else if (ts.equals(logits)) {
            return target;
        } else {
            throw new IllegalArgumentException("Dice target must be a label map " + withoutChannel(logits)
                    + " or binary targets " + logits + "; got " + ts);
        }
        if (channels == 1) {
            return labelMap;
        }
        NDArray classes = target.getManager().arange(0f, (float) channels, 1f).toType(labelMap.getDataType(), false);
        long[] cs = new long[rank];
        Arrays.fill(cs, 1L);
        cs[1] = channels;
        return labelMap.eq(classes.reshape(new Shape(cs)));
    }

    private static Shape withoutChannel(Shape s) {
        long[] d = new long[s.dimension() - 1];
        d[0] = s.get(0);
        for (int i = 2; i < s.dimension(); i++) {
            d[i - 1] = s.get(i);
        }
        return new Shape(d);
    }

    /** Builder of {@link DiceLoss}. */
    public static final class Builder {
        private String name = "dice";
        private Activation activation = Activation.SOFTMAX;
        private boolean includeBackground = true;
        private boolean squaredPred;
        private boolean batch;
        private float smoothNr = 1e-5f;
        private float smoothDr = 1e-5f;
        private float[] classWeights;

        private Builder() {}

        /** @param v name shown in DJL logs (default "dice") @return this */
        public Builder optName(String v) {
            name = v;
            return this;
        }

        /** @param v activation (default SOFTMAX) @return this */
        public Builder optActivation(Activation v) {
            activation = v;
            return this;
        }

        /** @param v keep channel 0 (default true) @return this */
        public Builder optIncludeBackground(boolean v) {
            includeBackground = v;
            return this;
        }

        /** @param v squared denominator sums (default false) @return this */
        public Builder optSquaredPred(boolean v) {
            squaredPred = v;
            return this;
        }

        /** @param v batch-global sums (default false: per sample) @return this */
        public Builder optBatch(boolean v) {
            batch = v;
            return this;
        }

        /** @param v numerator ε (default 1e-5) @return this */
        public Builder optSmoothNr(float v) {
            smoothNr = v;
            return this;
        }

        /** @param v denominator ε (default 1e-5) @return this */
        public Builder optSmoothDr(float v) {
            smoothDr = v;
            return this;
        }

        /** @param v one weight ≥ 0 per class (after background exclusion), or null @return this */
        public Builder optClassWeights(float... v) {
            classWeights = v;
            return this;
        }

        /** @return the loss */
        public DiceLoss build() {
            if (activation == null) {
                throw new IllegalArgumentException("activation must be set");
            }
            if (smoothNr < 0 || smoothDr < 0) {
                throw new IllegalArgumentException(
                        "smoothNr and smoothDr must be >= 0; got " + smoothNr + " and " + smoothDr);
            }
            if (classWeights != null) {
                for (float w : classWeights) {
                    if (!(w >= 0)) {
                        throw new IllegalArgumentException("classWeights must be >= 0; got " + w);
                    }
                }
            }
            return new DiceLoss(this);
        }
    }
}
