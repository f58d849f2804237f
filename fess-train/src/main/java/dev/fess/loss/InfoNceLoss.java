package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fess.model.Scalars;
import dev.fess.model.SegmentationModel;
import dev.fess.model.VoxelProjectionHead;
import dev.fess.statistics.PartialShuffle;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Unsupervised voxel InfoNCE between two views of the same patch.
 *
 * <p>Inputs: voxel embeddings of view 1 {@code B × E × d × h × w}, of view 2 {@code B × E × d₂ × h₂ × w₂}, and a
 * correspondence {@code B × d × h × w} of integers: the flat index in view 2's grid of the same anatomical voxel,
 * or −1 (see {@link LossInputs#CORRESPONDENCE}). Up to K voxels with a correspondence are drawn from the whole
 * batch (seeded, without replacement, at most one per view-2 voxel); their rows a_i (view 1) and b_i (view 2)
 * go to {@link #infoNce}: with rows L2-normalised and s_ij = a_i·b_j / τ,
 *
 * <pre>  L = ½ · mean_i [ −log softmax_j(s_ij)_i  −  log softmax_j(s_ji)_i ]</pre>
 *
 * (the positive of a voxel is its twin in the other view, the negatives are the other sampled voxels). Fewer
 * than 2 valid voxels give 0 with a zero gradient. Memory is O(K²). This is the {@code paper} form of the
 * baseline.
 *
 * <p>With {@link Builder#optBounded bounded} ({@code contrastive_form: bounded}) the loss is divided by the log of
 * each row's number of candidates, {@code L' = L / log N} for N sampled pairs: each term is ≥ 0 (reached when the
 * twin takes all the mass) and 1 when all similarities are equal, an O(1) range like Dice's, where the paper form
 * sits near log 256 ≈ 5.5. With {@link Builder#optProjector a projector} the inputs are pre-head features and only
 * the sampled rows are projected (the same numbers as projecting every voxel, the head being pointwise); with
 * {@link Builder#optFeatureGradScale feature-gradient scale} s the gathered rows enter as
 * {@code s·z + (1 − s)·stopGradient(z)} before the projector: same value, s times the gradient into the U-Net,
 * the projector's own gradient unchanged. Sampling advances a seeded state like
 * {@link SupervisedContrastiveLoss} ({@link #reseed}, {@link #getSamplerState}, {@link #setSamplerState}).
 *
 * <p>{@link #evaluate} reads {@code predictions[}{@link SegmentationModel#VOXEL_EMBEDDINGS}{@code ]} of both views
 * and {@code labels[}{@link LossInputs#CORRESPONDENCE}{@code ]}.
 */
public final class InfoNceLoss extends SampledContrastiveLoss {

    private final int samples;

    private InfoNceLoss(Builder b) {
        super(b);
        samples = b.samples;
    }

    /** @return a builder (τ = 0.5, K = 256, seed 42, the paper form, feature-gradient scale 1, no projector) */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        LossInputs.require(labels, LossInputs.CORRESPONDENCE, "the view-1 → view-2 voxel correspondence");
        int second = LossInputs.secondView(predictions);
        return compute(
                predictions.get(SegmentationModel.VOXEL_EMBEDDINGS),
                predictions.get(second + SegmentationModel.VOXEL_EMBEDDINGS),
                labels.get(LossInputs.CORRESPONDENCE));
    }

    /**
     * @param view1 {@code B × E × d × h × w}
     * @param view2 {@code B × E × d₂ × h₂ × w₂}
     * @param correspondence {@code B × d × h × w} integers in [−1, d₂·h₂·w₂)
     * @return scalar loss
     */
    public NDArray compute(NDArray view1, NDArray view2, NDArray correspondence) {
        Shape s1 = view1.getShape();
        Shape s2 = view2.getShape();
        if (s1.dimension() != 5 || s2.dimension() != 5 || s1.get(0) != s2.get(0) || s1.get(1) != s2.get(1)) {
            throw new IllegalArgumentException("InfoNCE expects two B × E × d × h × w embeddings with the same B and E;"
                    + " got " + s1 + " and " + s2);
        }
        int batch = (int) s1.get(0);
        int n1 = (int) (s1.get(2) * s1.get(3) * s1.get(4));
        int n2 = (int) (s2.get(2) * s2.get(3) * s2.get(4));
        if (correspondence.size() != (long) batch * n1) {
            throw new IllegalArgumentException("InfoNCE correspondence must have B·d·h·w = " + (long) batch * n1
                    + " entries (" + s1.get(0) + "×" + s1.get(2) + "×" + s1.get(3) + "×" + s1.get(4) + "); got "
                    + correspondence.getShape());
        }
        int[] corr = VoxelGather.hostInts(correspondence);
        int valid = 0;
        for (int i = 0; i < corr.length; i++) {
            if (corr[i] >= n2) {
                throw new IllegalArgumentException(
                        "InfoNCE correspondence values must be < " + n2 + " (view 2 grid size) or -1; got " + corr[i]);
            }
            if (corr[i] >= 0) {
                valid++;
            }
        }
        int[] candidates = new int[valid];
        int k = 0;
        for (int i = 0; i < corr.length; i++) {
            if (corr[i] >= 0) {
                candidates[k++] = i;
            }
        }
        SplittableRandom random = sampling.next();
        boolean[] used = new boolean[batch * n2];
        int[] first = new int[Math.min(samples, valid)];
        int[] second = new int[first.length];
        int m = 0;
        for (int i = 0; i < valid && m < first.length; i++) {
            int p = PartialShuffle.step(candidates, 0, valid, i, random);
            int b = p / n1;
            int target = b * n2 + corr[p];
            if (!used[target]) {
                used[target] = true;
                first[m] = p;
                second[m] = target;
                m++;
            }
        }
        if (m < 2) {
            return Scalars.mul(view1.sum().add(view2.sum()), 0);
        }
        NDArray a = GradientScale.apply(VoxelGather.rows(view1, Arrays.copyOf(first, m)), featureGradScale);
        NDArray b = GradientScale.apply(VoxelGather.rows(view2, Arrays.copyOf(second, m)), featureGradScale);
        if (projector != null) {
            a = projector.apply(a);
            b = projector.apply(b);
        }
        return bounded ? infoNceBounded(a, b, temperature) : infoNce(a, b, temperature);
    }

    /**
     * The symmetric InfoNCE core: row i of a and row i of b are positives.
     *
     * @param a {@code N × E}
     * @param b {@code N × E}
     * @param tau τ
     * @return scalar loss
     */
    public static NDArray infoNce(NDArray a, NDArray b, float tau) {
        Shape as = a.getShape();
        if (as.dimension() != 2 || !as.equals(b.getShape())) {
            throw new IllegalArgumentException(
                    "InfoNCE expects two N × E arrays of the same shape; got " + as + " and " + b.getShape());
        }
        if (!(tau > 0)) {
            throw new IllegalArgumentException("temperature must be > 0; got " + tau);
        }
        int n = (int) as.get(0);
        NDManager manager = a.getManager();
        DataType type = a.getDataType();
        NDArray s = Scalars.div(
                VoxelProjectionHead.l2Normalize(a, 1)
                        .matMul(VoxelProjectionHead.l2Normalize(b, 1).transpose()),
                tau);
        NDArray eye = manager.eye(n).toType(type, false);
        NDArray rows = s.logSoftmax(1).mul(eye).sum();
        NDArray cols = s.logSoftmax(0).mul(eye).sum();
        return Scalars.div(rows.add(cols).neg(), 2 * n);
    }

    /**
     * The bounded InfoNCE: {@link #infoNce} divided by log N, the log of each row's number of candidates (N ≥ 2).
     *
     * @param a {@code N × E}
     * @param b {@code N × E}
     * @param tau τ
     * @return scalar loss, ≥ 0, 1 when all similarities are equal
     */
    public static NDArray infoNceBounded(NDArray a, NDArray b, float tau) {
        NDArray plain = infoNce(a, b, tau);
        long n = a.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("bounded InfoNCE needs N >= 2 rows; got " + n);
        }
        return plain.div(a.getManager().create(Math.log(n)).toType(a.getDataType(), false));
    }

    /** Builder of {@link InfoNceLoss}: the shared settings of {@link SampledContrastiveLossBuilder} and K. */
    public static final class Builder extends SampledContrastiveLossBuilder<Builder> {
        private int samples = 256;

        private Builder() {
            super("infonce");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** @param v K, voxels sampled per batch (default 256) @return this */
        public Builder optSamples(int v) {
            samples = v;
            return this;
        }

        /** @return the loss */
        public InfoNceLoss build() {
            validate("samples", samples);
            return new InfoNceLoss(this);
        }
    }
}
