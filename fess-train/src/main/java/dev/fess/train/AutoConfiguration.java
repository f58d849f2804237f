package dev.fess.train;

import java.util.Arrays;
import java.util.List;

/**
 * nnU-Net-style choice of patch and batch size from the data and a memory budget.
 *
 * <p>Activation memory of the U-Net per input voxel is estimated as
 * {@code bytes/voxel ≈ 4 · 2 · 10 · Σ_l filters[l] / 8^l} (float32; forward activations kept for backward ×2 for their
 * gradients; about 10 stored maps per level: two convolutions with norm and activation outputs in the encoder, the
 * up-sampled map, the concatenation and two more convolutions in the decoder). The patch is the median preprocessed
 * shape rounded down to a multiple of 2^(L−1), at most 128 per axis, shrunk along its largest axis until
 * {@code batch = 2} patches fit in the budget; the batch is then 2, or more (at most 8) when the patch already
 * covers the median shape and the budget allows.
 */
public final class AutoConfiguration {
    private AutoConfiguration() {}

    /** Estimated activation bytes per input voxel for one sample. */
    public static double bytesPerVoxel(List<Integer> filters) {
        double s = 0;
        for (int l = 0; l < filters.size(); l++) {
            s += filters.get(l) / Math.pow(8, l);
        }
        return 4.0 * 2 * 10 * s;
    }

    /** Median of each axis of {D, H, W} shapes. */
    public static int[] medianShape(List<int[]> shapes) {
        int[] m = new int[3];
        for (int a = 0; a < 3; a++) {
            int[] v = new int[shapes.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = shapes.get(i)[a];
            }
            Arrays.sort(v);
            m[a] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
        return m;
    }

    /** The patch {D, H, W} for the median shape, the U-Net's filters and a budget in MiB. */
    public static int[] patch(int[] medianShape, List<Integer> filters, int budgetMb) {
        int mult = 1 << (filters.size() - 1);
        int[] p = new int[3];
        for (int a = 0; a < 3; a++) {
            p[a] = Math.max(mult, Math.min(128, medianShape[a]) / mult * mult);
        }
        double budget = budgetMb * 1024.0 * 1024.0;
        double perVoxel = bytesPerVoxel(filters);
        while (2 * perVoxel * p[0] * p[1] * p[2] > budget) {
            int largest = 0;
            for (int a = 1; a < 3; a++) {
                if (p[a] > p[largest]) {
                    largest = a;
                }
            }
            if (p[largest] <= mult) {
                break;
            }
            p[largest] -= mult;
        }
        return p;
    }

    /** The batch size for a patch: 2, or up to 8 when the patch covers the median shape and memory allows. */
    public static int batch(int[] patch, int[] medianShape, List<Integer> filters, int budgetMb) {
        boolean covers = patch[0] >= medianShape[0] && patch[1] >= medianShape[1] && patch[2] >= medianShape[2];
        if (!covers) {
            return 2;
        }
        double perSample = bytesPerVoxel(filters) * patch[0] * patch[1] * patch[2];
        int fit = (int) Math.floor(budgetMb * 1024.0 * 1024.0 / perSample);
        return Math.max(2, Math.min(8, fit));
    }
}
