package dev.fess.augment;

/** Separable 3D Gaussian blur of one channel in place; kernel truncated at 3σ, edges clamped. */
final class GaussianBlur {
    private GaussianBlur() {}

    static void blur(float[] v, int off, int[] shape, double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        int d = shape[0], h = shape[1], w = shape[2];
        float[] line = new float[Math.max(d, Math.max(h, w))];
        // along x
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                pass(v, off + w * (y + h * z), 1, w, k, r, line);
            }
        }
        for (int z = 0; z < d; z++) {
            for (int x = 0; x < w; x++) {
                pass(v, off + x + w * h * z, w, h, k, r, line);
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pass(v, off + x + w * y, w * h, d, k, r, line);
            }
        }
    }

    private static void pass(float[] v, int start, int stride, int n, float[] k, int r, float[] line) {
        for (int i = 0; i < n; i++) {
            line[i] = v[start + i * stride];
        }
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int j = -r; j <= r; j++) {
                int t = Math.min(n - 1, Math.max(0, i + j));
                s += k[j + r] * line[t];
            }
            v[start + i * stride] = s;
        }
    }
}
