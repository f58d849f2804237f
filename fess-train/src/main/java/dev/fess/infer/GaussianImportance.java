package dev.fess.infer;

/**
 * The importance map nnU-Net weights sliding-window predictions with: a Gaussian centred on the patch with
 * σ = patch / 8 per axis, truncated at 4σ like {@code scipy.ndimage.gaussian_filter}, scaled to a maximum of 1, and
 * with zeros raised to the smallest non-zero value so every voxel of a window counts a little.
 *
 * <p>w(z, y, x) = g_D(z)·g_H(y)·g_W(x) with g(i) = exp(−(i − ⌊n/2⌋)² / (2σ²)), σ = n·sigmaScale.
 */
public final class GaussianImportance {
    private GaussianImportance() {}

    /** The map for a D×H×W patch, flattened in D×H×W order (W fastest). */
    public static float[] map(int[] patch, double sigmaScale) {
        double[][] g = new double[3][];
        for (int a = 0; a < 3; a++) {
            g[a] = axis(patch[a], sigmaScale);
        }
        int n = patch[0] * patch[1] * patch[2];
        float[] w = new float[n];
        double max = 0;
        int idx = 0;
        for (int z = 0; z < patch[0]; z++) {
            for (int y = 0; y < patch[1]; y++) {
                double gzy = g[0][z] * g[1][y];
                for (int x = 0; x < patch[2]; x++) {
                    double v = gzy * g[2][x];
                    w[idx++] = (float) v;
                    max = Math.max(max, v);
                }
            }
        }
        float minPositive = Float.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            w[i] = (float) (w[i] / max);
            if (w[i] > 0) {
                minPositive = Math.min(minPositive, w[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            if (w[i] == 0) {
                w[i] = minPositive;
            }
        }
        return w;
    }

    /** nnU-Net's default: σ = patch / 8. */
    public static float[] map(int[] patch) {
        return map(patch, 1.0 / 8);
    }

    private static double[] axis(int n, double sigmaScale) {
        double sigma = n * sigmaScale;
        int centre = n / 2;
        int radius = (int) (4 * sigma + 0.5);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            int d = i - centre;
            g[i] = Math.abs(d) > radius ? 0 : Math.exp(-(double) d * d / (2 * sigma * sigma));
        }
        return g;
    }
}
