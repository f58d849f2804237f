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
 * The FESS contrastive term: supervised contrastive loss (SupCon, Khosla et al. 2020) over a class-balanced
 * sample of voxel embeddings.
 *
 * <p>Inputs: voxel embeddings {@code B × E × d × h × w} and an integer label map {@code B × D × H × W} (or
 * {@code B × 1 × D × H × W}) with D = s·d, H = s'·h, W = s''·w for integer strides. Steps:
 * <ol>
 *   <li>The label map is nearest-downsampled to the embedding grid by picking, per embedding voxel, the label at
 *       its block centre {@code (s·z + ⌊s/2⌋, …)}.</li>
 *   <li>For every class present in the batch, at most K grid points are drawn without replacement (K = 256 by
 *       default). With {@code hardFraction} f &gt; 0 and a predicted label map, up to ⌈f·k⌉ of them are drawn from
 *       the class's misclassified voxels (the rest from the correctly classified ones, topping up from either
 *       group when one runs short).</li>
 *   <li>Only the M ≤ K·classes sampled vectors are gathered (index arrays + {@code take}); the similarity matrix is
 *       M × M whatever the volume size. With a projector ({@link Builder#optProjector}) the input holds pre-head
 *       features and only the gathered rows are projected.</li>
 *   <li>{@link #supCon} on the sample: with z_i L2-normalised, P(i) the other samples of i's class,
 *       <pre>  L = mean_{i : |P(i)| &gt; 0}  −1/|P(i)| Σ_{p∈P(i)} log( exp(z_i·z_p/τ) / Σ_{a≠i} exp(z_i·z_a/τ) )</pre>
 *       Anchors without a positive are skipped (they still serve as negatives). A sample with a single class (no
 *       negatives: nothing to contrast) or without any anchor (only singletons) gives 0 with an exactly zero
 *       gradient.</li>
 *   <li>With {@link Builder#optBounded bounded} (the {@code fess-bounded} form), each anchor's term is shifted
 *       by its lower bound and divided by the log of its number of candidates,
 *       <pre>  ℓ'_i = ( ℓ_i − log|P(i)| ) / log(M − 1),   L = mean_i ℓ'_i</pre>
 *       where ℓ_i is the anchor's SupCon term above (ℓ_i ≥ log|P(i)|, with equality when all positives are equally
 *       likely and every negative has probability 0) and M − 1 the candidates a ≠ i. L ≥ 0; it is 1 − log|P|/log(M−1)
 *       when all similarities are equal and at most (log(M−1) + 2/τ − log|P|)/log(M−1) — an O(1) range whatever K,
 *       instead of the ≈ log(M) ≈ 6 of the plain form. The gradient is the plain form's divided by log(M − 1).</li>
 * </ol>
 *
 * <p>Sampling is seeded: the loss holds a seed and a call counter; call number k uses a {@link SplittableRandom}
 * derived from (seed, k), so every call advances the state. {@link #getSamplerState()} /
 * {@link #setSamplerState(long[])} save and restore it (training checkpoints), {@link #reseed(long)} restarts it.
 *
 * <p>{@link #evaluate} reads {@code predictions[}{@link SegmentationModel#VOXEL_EMBEDDINGS}{@code ]},
 * {@code labels[}{@link LossInputs#LABEL_MAP}{@code ]}, and, when {@code hardFraction > 0}, the predicted label
 * map derived from {@code predictions[}{@link SegmentationModel#LOGITS}{@code ]} (argmax over channels; for one
 * channel, logit &gt; 0).
 */
public final class SupervisedContrastiveLoss extends SampledContrastiveLoss {

    /** Added to the self-similarity so that it drops out of the softmax denominator. */
    private static final float SELF_MASK = 1e9f;

    private final int samplesPerClass;
    private final float hardFraction;
    private Shape lastSimilarityShape;

    private SupervisedContrastiveLoss(Builder b) {
        super(b);
        samplesPerClass = b.samplesPerClass;
        hardFraction = b.hardFraction;
    }

    /** @return a builder (τ = 0.5, K = 256, no hard sampling, seed 42) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return shape of the similarity matrix of the last call (M × M), or null before the first call or when
     *     no anchor was present (no matrix formed) */
    public Shape getLastSimilarityShape() {
        return lastSimilarityShape;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        LossInputs.require(labels, LossInputs.LABEL_MAP, "the label map");
        NDArray predicted = null;
        if (hardFraction > 0) {
            NDArray logits = predictions.get(SegmentationModel.LOGITS);
            predicted = logits.getShape().get(1) == 1 ? logits.gt(0) : logits.argMax(1);
        }
        return compute(
                predictions.get(SegmentationModel.VOXEL_EMBEDDINGS), labels.get(LossInputs.LABEL_MAP), predicted);
    }

    /**
     * @param embeddings {@code B × E × d × h × w}
     * @param labelMap {@code B × D × H × W} or {@code B × 1 × D × H × W}
     * @param predictedLabelMap same shape as the label map, or null (then no hard sampling)
     * @return scalar loss
     */
    public NDArray compute(NDArray embeddings, NDArray labelMap, NDArray predictedLabelMap) {
        Shape es = embeddings.getShape();
        if (es.dimension() != 5) {
            throw new IllegalArgumentException("SupCon expects embeddings B × E × d × h × w; got " + es);
        }
        int[] grid = {(int) es.get(2), (int) es.get(3), (int) es.get(4)};
        int[] labels = downsample(labelMap, es, grid, "label map");
        int[] predicted =
                predictedLabelMap == null ? null : downsample(predictedLabelMap, es, grid, "predicted label map");
        SplittableRandom random = sampling.next();
        int[] points = sample(labels, predicted, samplesPerClass, hardFraction, random);
        int[] sampledLabels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            sampledLabels[i] = labels[points[i]];
        }
        NDArray z = VoxelGather.rows(embeddings, points);
        z = GradientScale.apply(z, featureGradScale);
        if (projector != null) {
            z = projector.apply(z);
        }
        NDArray[] out = supConAndSimilarity(z, sampledLabels, temperature, bounded);
        lastSimilarityShape = out[1] == null ? null : out[1].getShape();
        return out[0];
    }

    static int[] downsample(NDArray labelMap, Shape embeddings, int[] grid, String what) {
        Shape s = labelMap.getShape();
        long[] spatial;
        if (s.dimension() == 4) {
            spatial = new long[] {s.get(1), s.get(2), s.get(3)};
        } else if (s.dimension() == 5 && s.get(1) == 1) {
            spatial = new long[] {s.get(2), s.get(3), s.get(4)};
        } else {
            throw new IllegalArgumentException("SupCon expects a " + what + " B × D × H × W; got " + s);
        }
        if (s.get(0) != embeddings.get(0)) {
            throw new IllegalArgumentException("SupCon: " + what + " batch " + s.get(0)
                    + " differs from the embeddings' batch " + embeddings.get(0));
        }
        int[] stride = new int[3];
        for (int a = 0; a < 3; a++) {
            if (spatial[a] % grid[a] != 0) {
                throw new IllegalArgumentException("SupCon: " + what + " size " + spatial[0] + "×" + spatial[1] + "×"
                        + spatial[2] + " must be an integer multiple of the embedding grid " + grid[0] + "×"
                        + grid[1] + "×" + grid[2]);
            }
            stride[a] = (int) (spatial[a] / grid[a]);
        }
        int[] full = VoxelGather.hostInts(labelMap);
        int batch = (int) s.get(0);
        int n = grid[0] * grid[1] * grid[2];
        int[] out = new int[batch * n];
        int sd = (int) spatial[0];
        int sh = (int) spatial[1];
        int sw = (int) spatial[2];
        int k = 0;
        for (int b = 0; b < batch; b++) {
            for (int z = 0; z < grid[0]; z++) {
                int fz = z * stride[0] + stride[0] / 2;
                for (int y = 0; y < grid[1]; y++) {
                    int fy = y * stride[1] + stride[1] / 2;
                    int rowBase = ((b * sd + fz) * sh + fy) * sw + stride[2] / 2;
                    for (int x = 0; x < grid[2]; x++) {
                        out[k++] = full[rowBase + x * stride[2]];
                    }
                }
            }
        }
        return out;
    }

    /**
     * Class-balanced sampling of grid points.
     *
     * @param labels label per grid point
     * @param predicted predicted label per grid point, or null
     * @param perClass K
     * @param hardFraction fraction of misclassified points wanted
     * @param random random source
     * @return chosen grid points, grouped by class in increasing class order
     */
    static int[] sample(int[] labels, int[] predicted, int perClass, float hardFraction, SplittableRandom random) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int l : labels) {
            min = Math.min(min, l);
            max = Math.max(max, l);
        }
        int classes = max - min + 1;
        int[] start = new int[classes + 1];
        for (int l : labels) {
            start[l - min + 1]++;
        }
        for (int c = 0; c < classes; c++) {
            start[c + 1] += start[c];
        }
        // Per class: misclassified points first, then the correctly classified ones.
        int[] hardCount = new int[classes];
        if (predicted != null) {
            for (int i = 0; i < labels.length; i++) {
                if (predicted[i] != labels[i]) {
                    hardCount[labels[i] - min]++;
                }
            }
        }
        int[] byClass = new int[labels.length];
        int[] hardFill = new int[classes];
        int[] easyFill = new int[classes];
        for (int c = 0; c < classes; c++) {
            hardFill[c] = start[c];
            easyFill[c] = start[c] + hardCount[c];
        }
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i] - min;
            boolean hard = predicted != null && predicted[i] != labels[i];
            byClass[hard ? hardFill[c]++ : easyFill[c]++] = i;
        }
        int total = 0;
        for (int c = 0; c < classes; c++) {
            total += Math.min(perClass, start[c + 1] - start[c]);
        }
        int[] chosen = new int[total];
        int k = 0;
        for (int c = 0; c < classes; c++) {
            int n = start[c + 1] - start[c];
            if (n == 0) {
                continue;
            }
            int want = Math.min(perClass, n);
            int hard = hardCount[c];
            int easy = n - hard;
            int fromHard = hardFraction > 0 ? Math.min(hard, (int) Math.ceil(hardFraction * want)) : 0;
            int fromEasy = Math.min(easy, want - fromHard);
            fromHard = Math.min(hard, want - fromEasy);
            if (predicted == null) {
                fromHard = 0;
                fromEasy = want;
            }
            k = pick(byClass, start[c], hard, fromHard, chosen, k, random);
            k = pick(byClass, start[c] + hard, easy, fromEasy, chosen, k, random);
        }
        return chosen;
    }

    /** Moves {@code count} random elements of {@code a[from, from+n)} to {@code out} ({@link PartialShuffle}). */
    private static int pick(int[] a, int from, int n, int count, int[] out, int k, SplittableRandom random) {
        for (int i = 0; i < count; i++) {
            out[k++] = PartialShuffle.step(a, from, n, i, random);
        }
        return k;
    }

    /**
     * The SupCon core on flattened embeddings (see the class comment for the formula).
     *
     * @param z {@code N × E}, normalised inside
     * @param labels N class labels
     * @param tau temperature τ
     * @return scalar loss; 0 with a zero gradient when no sample has a positive or all share one class
     */
    public static NDArray supCon(NDArray z, int[] labels, float tau) {
        return supConAndSimilarity(z, labels, tau, false)[0];
    }

    /**
     * The bounded SupCon core: {@code mean_i (ℓ_i − log|P(i)|) / log(N − 1)} over the anchors (see the class
     * comment).
     *
     * @param z {@code N × E}, normalised inside
     * @param labels N class labels
     * @param tau temperature τ
     * @return scalar loss ≥ 0; 0 with a zero gradient when no sample has a positive or all share one class
     */
    public static NDArray supConBounded(NDArray z, int[] labels, float tau) {
        return supConAndSimilarity(z, labels, tau, true)[0];
    }

    /**
     * @param z {@code N × E}
     * @param labels {@code N} class labels, any numeric type
     * @param tau temperature τ
     * @return scalar loss
     */
    public static NDArray supCon(NDArray z, NDArray labels, float tau) {
        return supCon(z, VoxelGather.hostInts(labels), tau);
    }

    private static NDArray[] supConAndSimilarity(NDArray z, int[] labels, float tau, boolean bounded) {
        Shape zs = z.getShape();
        if (zs.dimension() != 2 || zs.get(0) != labels.length) {
            throw new IllegalArgumentException(
                    "supCon expects z N × E and N labels; got z " + zs + " and " + labels.length + " labels");
        }
        if (!(tau > 0)) {
            throw new IllegalArgumentException("temperature must be > 0; got " + tau);
        }
        int n = labels.length;
        long anchors = countAnchors(labels);
        if (anchors == 0 || distinctClasses(labels) < 2) {
            return new NDArray[] {Scalars.mul(z.sum(), 0), null};
        }
        NDManager m = z.getManager();
        DataType type = z.getDataType();
        NDArray zn = VoxelProjectionHead.l2Normalize(z, 1);
        NDArray eye = m.eye(n).toType(type, false);
        NDArray similarity = Scalars.div(zn.matMul(zn.transpose()), tau);
        NDArray logProb = similarity.sub(eye.mul(SELF_MASK)).logSoftmax(1);
        NDArray lab = m.create(labels);
        NDArray positives =
                lab.reshape(n, 1).eq(lab.reshape(1, n)).toType(type, false).sub(eye);
        NDArray positiveCount = positives.sum(new int[] {1});
        NDArray perAnchor = logProb.mul(positives).sum(new int[] {1}).div(Scalars.maximum(positiveCount, 1));
        NDArray loss = Scalars.div(perAnchor.sum().neg(), anchors);
        if (bounded) {
            // Σ_i log|P(i)| over the anchors, on the host in double precision
            double shift = sumLogPositives(labels) / anchors;
            NDArray shiftArray = m.create(shift).toType(type, false);
            NDArray logCandidates = m.create(Math.log(n - 1.0)).toType(type, false);
            loss = loss.sub(shiftArray).div(logCandidates);
        }
        return new NDArray[] {loss, similarity};
    }

    private static int distinctClasses(int[] labels) {
        for (int label : labels) {
            if (label != labels[0]) {
                return 2;
            }
        }
        return labels.length == 0 ? 0 : 1;
    }

    /** Σ over anchors of log|P(i)|: a class with c ≥ 2 samples contributes c·log(c − 1). */
    private static double sumLogPositives(int[] labels) {
        double sum = 0;
        for (int c : classSizes(labels)) {
            if (c >= 2) {
                sum += c * Math.log(c - 1.0);
            }
        }
        return sum;
    }

    /** Number of anchors: samples whose class has at least one other sample. */
    private static long countAnchors(int[] labels) {
        long anchors = 0;
        for (int c : classSizes(labels)) {
            if (c >= 2) {
                anchors += c;
            }
        }
        return anchors;
    }

    /** The number of samples of each class present in {@code labels}, in ascending label order. */
    private static int[] classSizes(int[] labels) {
        int[] sorted = labels.clone();
        Arrays.sort(sorted);
        int[] sizes = new int[sorted.length];
        int classes = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            sizes[classes++] = j - i;
            i = j;
        }
        return Arrays.copyOf(sizes, classes);
    }

    /**
     * Builder of {@link SupervisedContrastiveLoss}: the shared settings of {@link SampledContrastiveLossBuilder}, K
     * and the hard fraction.
     */
    public static final class Builder extends SampledContrastiveLossBuilder<Builder> {
        private int samplesPerClass = 256;
        private float hardFraction;

        private Builder() {
            super("supcon");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** @param v K, the most voxels drawn per class per batch (default 256) @return this */
        public Builder optSamplesPerClass(int v) {
            samplesPerClass = v;
            return this;
        }

        /** @param v fraction in [0, 1] drawn from misclassified voxels (default 0) @return this */
        public Builder optHardFraction(float v) {
            hardFraction = v;
            return this;
        }

        /** @return the loss */
        public SupervisedContrastiveLoss build() {
            validate("samplesPerClass", samplesPerClass);
            if (!(hardFraction >= 0 && hardFraction <= 1)) {
                throw new IllegalArgumentException("hardFraction must be in [0, 1]; got " + hardFraction);
            }
            return new SupervisedContrastiveLoss(this);
        }
    }
}
