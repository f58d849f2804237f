package dev.fess.sampling;

import dev.fess.preprocess.CachedCase;
import java.util.SplittableRandom;

/** Cached cases made in memory for the sampling and augmentation tests. */
public final class SyntheticCases {
    private SyntheticCases() {}

    /**
     * Classes: two ellipsoids (1 and 2) and a small cube of class 3; image channel 0 = the class as a float,
     * channel 1 = random noise.
     */
    public static CachedCase blobs(String id, int[] shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = shape[0], h = shape[1], w = shape[2];
        int n = d * h * w;
        byte[] cls = new byte[n];
        float[] img = new float[2 * n];
        double[] c1 = {d * (0.3 + 0.4 * r.nextDouble()), h * (0.3 + 0.4 * r.nextDouble()), w * 0.35};
        double[] c2 = {d * 0.5, h * 0.6, w * 0.7};
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = x + w * (y + h * z);
                    double e1 =
                            sq((z - c1[0]) / (0.2 * d)) + sq((y - c1[1]) / (0.25 * h)) + sq((x - c1[2]) / (0.2 * w));
                    double e2 =
                            sq((z - c2[0]) / (0.15 * d)) + sq((y - c2[1]) / (0.1 * h)) + sq((x - c2[2]) / (0.12 * w));
                    int c = e1 < 1 ? 1 : e2 < 1 ? 2 : 0;
                    if (z >= 1 && z < 4 && y >= 1 && y < 4 && x >= 1 && x < 4) {
                        c = 3;
                    }
                    cls[v] = (byte) c;
                    img[v] = c;
                    img[n + v] = (float) r.nextGaussian();
                }
            }
        }
        return CachedCase.inMemory(id, 2, shape, img, cls, 4);
    }

    /** Three channels holding the voxel's own z, y and x coordinate; classes: one ellipsoid. */
    public static CachedCase coordinates(String id, int[] shape) {
        int d = shape[0], h = shape[1], w = shape[2];
        int n = d * h * w;
        float[] img = new float[3 * n];
        byte[] cls = new byte[n];
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = x + w * (y + h * z);
                    img[v] = z;
                    img[n + v] = y;
                    img[2 * n + v] = x;
                    cls[v] = (byte)
                            (sq((z - d / 2.0) / (0.3 * d))
                                                    + sq((y - h / 2.0) / (0.3 * h))
                                                    + sq((x - w / 2.0) / (0.3 * w))
                                            < 1
                                    ? 1
                                    : 0);
                }
            }
        }
        return CachedCase.inMemory(id, 3, shape, img, cls, 2);
    }

    /** Background everywhere except one small cube of class 1 at a corner. */
    public static CachedCase sparse(String id, int[] shape) {
        int d = shape[0], h = shape[1], w = shape[2];
        int n = d * h * w;
        byte[] cls = new byte[n];
        float[] img = new float[n];
        for (int z = 0; z < 3; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    cls[x + w * (y + h * z)] = 1;
                }
            }
        }
        for (int v = 0; v < n; v++) {
            img[v] = v;
        }
        return CachedCase.inMemory(id, 1, shape, img, cls, 2);
    }

    private static double sq(double x) {
        return x * x;
    }
}
