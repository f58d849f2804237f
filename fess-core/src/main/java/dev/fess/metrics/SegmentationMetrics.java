package dev.fess.metrics;

import dev.fess.volume.Volume;
import java.io.Serializable;

/**
 * Overlap, surface-distance and volume scores of one predicted mask P against one label mask G on the same grid.
 *
 * <p>With TP, FP, FN, TN the voxel counts of P∧G, P∧¬G, ¬P∧G, ¬P∧¬G:
 * <ul>
 *   <li>{@code dice = 2TP / (2TP + FP + FN)}, {@code iou = TP / (TP + FP + FN)}</li>
 *   <li>{@code precision = TP / (TP + FP)}, {@code sensitivity = TP / (TP + FN)} (recall),
 *       {@code specificity = TN / (TN + FP)}</li>
 *   <li>{@code hd95}, {@code hd} (maximum) and {@code assd} in mm, see {@link SurfaceDistances}</li>
 *   <li>volumes in mm³ = voxel count × voxel volume (product of the spacing);
 *       {@code volumeDiffMm3 = |V_P − V_G|}, {@code relativeVolumeDiff = |V_P − V_G| / V_G}</li>
 * </ul>
 *
 * <p>Conventions for empty masks (a score is {@code null} when it is undefined, never NaN):
 * <ul>
 *   <li>both P and G empty: dice = iou = precision = sensitivity = specificity = 1, all distances 0,
 *       relative volume difference null;</li>
 *   <li>otherwise a ratio with a zero denominator is {@code null}: precision when P is empty, sensitivity when G is
 *       empty (then dice = iou = 0);</li>
 *   <li>exactly one of P, G empty: hd95, hd and assd are {@code null} (MONAI gives inf/NaN there); summaries count
 *       such cases separately instead of averaging them.</li>
 * </ul>
 */
public record SegmentationMetrics(
        long truePositives,
        long falsePositives,
        long falseNegatives,
        long trueNegatives,
        double voxelVolumeMm3,
        Double dice,
        Double iou,
        Double precision,
        Double sensitivity,
        Double specificity,
        Double hd95,
        Double hd,
        Double assd)
        implements Serializable {

    /**
     * All scores of one mask pair.
     *
     * @param pred predicted mask, {@code pred[i + nx·(j + ny·k)]}
     * @param label label mask, same layout
     * @param shape {@code {nx, ny, nz}}
     * @param spacing voxel size in mm along i, j, k
     */
    public static SegmentationMetrics compute(boolean[] pred, boolean[] label, int[] shape, double[] spacing) {
        DistanceTransform.checkShape(pred.length, shape, spacing);
        DistanceTransform.checkShape(label.length, shape, spacing);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int v = 0; v < pred.length; v++) {
            boolean p = pred[v];
            boolean g = label[v];
            if (p) {
                if (g) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (g) {
                fn++;
            }
        }
        long tn = pred.length - tp - fp - fn;
        double voxelVolume = spacing[0] * spacing[1] * spacing[2];
        long nPred = tp + fp;
        long nLabel = tp + fn;
        if (nPred == 0 && nLabel == 0) {
            return bothEmpty(tn, voxelVolume);
        }
        Double hd95 = null;
        Double hd = null;
        Double assd = null;
        if (nPred > 0 && nLabel > 0) {
            int[] box = MaskSurface.boundingBox(shape, pred, label);
            SurfaceDistances sd = SurfaceDistances.of(
                    MaskSurface.borderVoxels(pred, shape, box),
                    MaskSurface.borderVoxels(label, shape, box),
                    shape,
                    spacing);
            hd95 = sd.hd95();
            hd = sd.hausdorffMax();
            assd = sd.assd();
        }
        return new SegmentationMetrics(
                tp,
                fp,
                fn,
                tn,
                voxelVolume,
                ratio(2 * tp, 2 * tp + fp + fn),
                ratio(tp, tp + fp + fn),
                ratio(tp, tp + fp),
                ratio(tp, tp + fn),
                ratio(tn, tn + fp),
                hd95,
                hd,
                assd);
    }

    /** The scores of a pair of empty masks on a grid of {@code voxels} voxels of {@code voxelVolumeMm3} each. */
    public static SegmentationMetrics bothEmpty(long voxels, double voxelVolumeMm3) {
        return new SegmentationMetrics(0, 0, 0, voxels, voxelVolumeMm3, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0);
    }

    /** As {@link #compute(boolean[], boolean[], int[], double[])} with masks given as bytes (non-zero = inside). */
    public static SegmentationMetrics compute(byte[] pred, byte[] label, int[] shape, double[] spacing) {
        return compute(toMask(pred), toMask(label), shape, spacing);
    }

    /**
     * Scores of one region for a pair of single-channel label volumes on the same grid; the spacing is the label's.
     *
     * @throws IllegalArgumentException when the shapes differ or a volume has more than one channel
     */
    public static SegmentationMetrics compute(Volume pred, Volume label, Region region) {
        if (pred.channels() != 1 || label.channels() != 1) {
            throw new IllegalArgumentException(
                    "label volumes need one channel, got " + pred.channels() + " and " + label.channels());
        }
        if (pred.nx() != label.nx() || pred.ny() != label.ny() || pred.nz() != label.nz()) {
            throw new IllegalArgumentException("prediction " + pred + " and label " + label + " differ in shape");
        }
        return compute(region.mask(pred), region.mask(label), label.shape(), label.spacing());
    }

    private static boolean[] toMask(byte[] b) {
        boolean[] m = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            m[i] = b[i] != 0;
        }
        return m;
    }

    private static Double ratio(long num, long den) {
        return den == 0 ? null : (double) num / den;
    }

    /** Voxels in P. */
    public long predVoxels() {
        return truePositives + falsePositives;
    }

    /** Voxels in G. */
    public long labelVoxels() {
        return truePositives + falseNegatives;
    }

    public double predVolumeMm3() {
        return predVoxels() * voxelVolumeMm3;
    }

    public double labelVolumeMm3() {
        return labelVoxels() * voxelVolumeMm3;
    }

    /** {@code |V_P − V_G|} in mm³. */
    public double volumeDiffMm3() {
        return Math.abs(predVoxels() - labelVoxels()) * voxelVolumeMm3;
    }

    /** {@code |V_P − V_G| / V_G}; null when G is empty. */
    public Double relativeVolumeDiff() {
        return labelVoxels() == 0 ? null : (double) Math.abs(predVoxels() - labelVoxels()) / labelVoxels();
    }

    /** True when exactly one of P, G is empty, so that the surface distances are undefined ({@code null}). */
    public boolean distancesUndefined() {
        return (predVoxels() == 0) != (labelVoxels() == 0);
    }

    /** True when both P and G are empty. */
    public boolean bothEmpty() {
        return predVoxels() == 0 && labelVoxels() == 0;
    }
}
