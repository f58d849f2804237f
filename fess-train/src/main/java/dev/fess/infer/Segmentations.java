package dev.fess.infer;

import dev.fess.dataset.LabelMapping;
import dev.fess.nifti.NiftiDatatype;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns averaged logits {@code K × N} (N voxels, channel slowest) into probabilities and into label maps.
 *
 * <p>Exclusive classes (the mapping has no regions): softmax over K = numClasses channels, class = argmax.
 * Overlapping regions (e.g. BraTS WT ⊃ TC ⊃ ET): one sigmoid per region, a region is predicted where its
 * probability exceeds 0.5 (logit &gt; 0). Regions are painted from the largest (most classes) to the smallest, each
 * with its <em>representative</em> class — the class of the region that belongs to the fewest regions (BraTS: WT →
 * edema, TC → necrosis, ET → enhancing) — so a smaller region always overrides a larger one (ET ⊂ TC ⊂ WT in the
 * output), as nnU-Net's region-based conversion does.
 */
public final class Segmentations {
    private Segmentations() {}

    /** Softmax over K channels, per voxel; a new array. */
    public static float[] softmax(float[] logits, int k) {
        int n = logits.length / k;
        float[] p = new float[logits.length];
        for (int i = 0; i < n; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logits[c * n + i]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(logits[c * n + i] - max);
                p[c * n + i] = (float) e;
                sum += e;
            }
            for (int c = 0; c < k; c++) {
                p[c * n + i] = (float) (p[c * n + i] / sum);
            }
        }
        return p;
    }

    /** Element-wise logistic sigmoid; a new array. */
    public static float[] sigmoid(float[] logits) {
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        }
        return p;
    }

    /** Probabilities as the mapping's output calls for: softmax for classes, sigmoid for regions. */
    public static float[] probabilities(float[] logits, LabelMapping mapping) {
        return mapping.regions().isEmpty() ? softmax(logits, mapping.outputChannels()) : sigmoid(logits);
    }

    /**
     * Class indices (0 … numClasses−1) per voxel from logits {@code K × N}.
     */
    public static byte[] classes(float[] logits, LabelMapping mapping) {
        int k = mapping.outputChannels();
        if (logits.length % k != 0) {
            throw new IllegalArgumentException("logits of length " + logits.length + " do not hold " + k + " channels");
        }
        int n = logits.length / k;
        byte[] out = new byte[n];
        List<int[]> regions = mapping.regions();
        if (regions.isEmpty()) {
            for (int i = 0; i < n; i++) {
                int best = 0;
                float bestV = logits[i];
                for (int c = 1; c < k; c++) {
                    float v = logits[c * n + i];
                    if (v > bestV) {
                        best = c;
                        bestV = v;
                    }
                }
                out[i] = (byte) best;
            }
            return out;
        }
        for (int r : regionPaintOrder(regions)) {
            byte cls = (byte) representativeClass(regions, r);
            int off = r * n;
            for (int i = 0; i < n; i++) {
                if (logits[off + i] > 0) {
                    out[i] = cls;
                }
            }
        }
        return out;
    }

    /** Raw label values (as the dataset stores them) for class indices. */
    public static float[] rawLabels(byte[] classes, LabelMapping mapping) {
        int[] raw = new int[mapping.numClasses()];
        for (int c = 0; c < raw.length; c++) {
            raw[c] = mapping.rawLabelOf(c);
        }
        float[] out = new float[classes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = raw[classes[i]];
        }
        return out;
    }

    /**
     * The smallest NIfTI type that holds every raw label value of a mapping (the values {@link #rawLabels} writes):
     * uint8 for 0 … 255, else int16 for −32768 … 32767, else int32.
     */
    public static NiftiDatatype labelDatatype(LabelMapping mapping) {
        int min = 0;
        int max = 0;
        for (int c = 0; c < mapping.numClasses(); c++) {
            min = Math.min(min, mapping.rawLabelOf(c));
            max = Math.max(max, mapping.rawLabelOf(c));
        }
        if (min >= 0 && max <= NiftiDatatype.UINT8.maxValue()) {
            return NiftiDatatype.UINT8;
        }
        if (min >= NiftiDatatype.INT16.minValue() && max <= NiftiDatatype.INT16.maxValue()) {
            return NiftiDatatype.INT16;
        }
        return NiftiDatatype.INT32;
    }

    /** Region indices ordered by decreasing number of classes (stable). */
    static List<Integer> regionPaintOrder(List<int[]> regions) {
        List<Integer> order = new ArrayList<>();
        for (int r = 0; r < regions.size(); r++) {
            order.add(r);
        }
        order.sort(Comparator.comparingInt((Integer r) -> -regions.get(r).length));
        return order;
    }

    /** The class of region r that belongs to the fewest regions (ties: the smallest class index). */
    static int representativeClass(List<int[]> regions, int r) {
        int best = -1;
        int bestCount = Integer.MAX_VALUE;
        for (int c : regions.get(r)) {
            int count = 0;
            for (int[] other : regions) {
                for (int oc : other) {
                    if (oc == c) {
                        count++;
                        break;
                    }
                }
            }
            if (count < bestCount || count == bestCount && c < best) {
                best = c;
                bestCount = count;
            }
        }
        return best;
    }
}
