package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fess.model.Scalars;
import dev.fess.model.SegmentationModel;
import dev.fess.model.VoxelProjectionHead;

/**
 * NT-Xent (SimCLR, Chen et al. 2020) with MONAI {@code ContrastiveLoss} semantics, on global embeddings of two
 * augmented views.
 *
 * <p>Inputs a, b: {@code B × E} (row i of a and of b are views of the same patch). With r = [â; b̂] the 2B
 * L2-normalised rows, s_ij = r_i·r_j / τ and pos(i) = i ± B:
 *
 * <pre>  L = 1/(2B) Σ_i −log( exp(s_{i,pos(i)}) / Σ_{j≠i} exp(s_ij) )</pre>
 *
 * so each row has one positive and 2B − 2 negatives (this is the MONAI form, the {@code paper} form of the
 * baselines).
 *
 * <p>With {@link Builder#optBounded bounded} ({@code contrastive_form: bounded}) the loss is divided by the log of
 * each row's number of candidates, {@code L' = L / log(2B − 1)}: each row's term is ≥ 0 (its lower bound, reached
 * when the positive takes all the mass) and equals 1 when all similarities are equal, so L' lies in the same O(1)
 * range as Dice whatever B (for B = 1 there is no negative, the term is 0 and left so). With
 * {@link Builder#optFeatureGradScale feature-gradient scale} s the embeddings enter as
 * {@code s·e + (1 − s)·stopGradient(e)}: same value, s times the gradient into the model (the global head and,
 * through it, the U-Net's bottleneck; Adam's per-parameter normalisation makes the factor immaterial for the head,
 * whose only gradient is this term's; s = 0 leaves the term a constant). {@link #evaluate} reads
 * {@code predictions[}{@link SegmentationModel#GLOBAL_EMBEDDINGS}{@code ]} of view 1 and of view 2 (see
 * {@link LossInputs}); the labels are not used.
 */
public final class NtXentLoss extends ContrastiveLoss {

    private NtXentLoss(Builder b) {
        super(b);
    }

    /**
     * @param temperature τ &gt; 0 (MONAI's default 0.5)
     * @return the loss in MONAI's form
     */
    public static NtXentLoss of(float temperature) {
        return builder().optTemperature(temperature).build();
    }

    /** @return a builder (τ = 0.5, MONAI's form, feature-gradient scale 1) */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        int second = LossInputs.secondView(predictions);
        NDArray a = GradientScale.apply(predictions.get(SegmentationModel.GLOBAL_EMBEDDINGS), featureGradScale);
        NDArray b =
                GradientScale.apply(predictions.get(second + SegmentationModel.GLOBAL_EMBEDDINGS), featureGradScale);
        return bounded ? ntXentBounded(a, b, temperature) : ntXent(a, b, temperature);
    }

    /**
     * The bounded NT-Xent: {@link #ntXent} divided by log(2B − 1), the log of each row's number of candidates; for
     * B = 1 (no negative; the loss is 0) it is {@link #ntXent} itself.
     *
     * @param a {@code B × E}, view 1
     * @param b {@code B × E}, view 2
     * @param tau τ
     * @return scalar loss, ≥ 0, 1 when all similarities are equal
     */
    public static NDArray ntXentBounded(NDArray a, NDArray b, float tau) {
        NDArray plain = ntXent(a, b, tau);
        long candidates = 2 * a.getShape().get(0) - 1;
        if (candidates < 2) {
            return plain;
        }
        return plain.div(a.getManager().create(Math.log(candidates)).toType(a.getDataType(), false));
    }

    /**
     * @param a {@code B × E}, view 1
     * @param b {@code B × E}, view 2
     * @param tau τ
     * @return scalar loss
     */
    public static NDArray ntXent(NDArray a, NDArray b, float tau) {
        Shape as = a.getShape();
        if (as.dimension() != 2 || !as.equals(b.getShape())) {
            throw new IllegalArgumentException(
                    "NT-Xent expects two B × E arrays of the same shape; got " + as + " and " + b.getShape());
        }
        int batch = (int) as.get(0);
        NDManager m = a.getManager();
        DataType type = a.getDataType();
        NDArray r = VoxelProjectionHead.l2Normalize(a, 1).concat(VoxelProjectionHead.l2Normalize(b, 1), 0);
        int n = 2 * batch;
        NDArray eye = m.eye(n).toType(type, false);
        NDArray half = m.eye(batch).toType(type, false);
        NDArray zero = m.zeros(new Shape(batch, batch), type);
        NDArray positives = zero.concat(half, 1).concat(half.concat(zero, 1), 0); // [[0, I], [I, 0]]
        NDArray logProb =
                Scalars.div(r.matMul(r.transpose()), tau).sub(eye.mul(1e9f)).logSoftmax(1);
        return Scalars.div(logProb.mul(positives).sum().neg(), n);
    }

    /** Builder of {@link NtXentLoss}: the shared settings of {@link ContrastiveLossBuilder}. */
    public static final class Builder extends ContrastiveLossBuilder<Builder> {
        private Builder() {
            super("ntxent");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** @return the loss */
        public NtXentLoss build() {
            validate();
            return new NtXentLoss(this);
        }
    }
}
