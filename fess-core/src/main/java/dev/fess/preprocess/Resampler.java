package dev.fess.preprocess;

import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.Arrays;

/**
 * Resampling of a volume to another shape covering the same field of view.
 *
 * <p>Voxel centres map by the half-voxel convention (as {@code skimage.transform.resize} and PyTorch's
 * {@code align_corners=False}): new index {@code n} on an axis of {@code N} source and {@code M} target voxels
 * samples source coordinate {@code x = (n + ½)·N/M − ½}. The volume's extent {@code N·spacing} is unchanged, the
 * new spacing is {@code spacing·N/M}. Coordinates outside {@code [0, N−1]} are clamped to the edge voxel. When
 * {@code M = N} every method returns the voxels unchanged.
 */
public final class Resampler {
    private Resampler() {}

    /** The affine of a grid of {@code newShape} voxels covering the field of view of {@code oldShape} voxels. */
    public static Affine resampledAffine(Affine affine, int[] oldShape, int[] newShape) {
        double[] m = new double[16];
        m[15] = 1;
        for (int a = 0; a < 3; a++) {
            double s = (double) oldShape[a] / newShape[a];
            m[a * 4 + a] = s;
            m[a * 4 + 3] = 0.5 * s - 0.5;
        }
        return affine.multiply(Affine.of(m));
    }

    /** Trilinear resampling of every channel to {@code shape} = {nx, ny, nz}; the affine is updated. */
    public static Volume linear(Volume src, int[] shape) {
        int[] os = src.shape();
        Affine affine = resampledAffine(src.affine(), os, shape);
        if (Arrays.equals(os, shape)) {
            return new Volume(
                    shape[0], shape[1], shape[2], src.channels(), src.data().clone(), affine);
        }
        Axis ax = Axis.linear(os[0], shape[0]);
        Axis ay = Axis.linear(os[1], shape[1]);
        Axis az = Axis.linear(os[2], shape[2]);
        float[] in = src.data();
        int nOut = shape[0] * shape[1] * shape[2];
        int nIn = os[0] * os[1] * os[2];
        float[] out = new float[nOut * src.channels()];
        int sy = os[0];
        int sz = os[0] * os[1];
        for (int c = 0; c < src.channels(); c++) {
            int ci = c * nIn;
            int o = c * nOut;
            for (int k = 0; k < shape[2]; k++) {
                int z0 = ci + az.lo[k] * sz;
                int z1 = ci + az.hi[k] * sz;
                float wz = az.w[k];
                for (int j = 0; j < shape[1]; j++) {
                    int y0 = ay.lo[j] * sy;
                    int y1 = ay.hi[j] * sy;
                    float wy = ay.w[j];
                    for (int i = 0; i < shape[0]; i++, o++) {
                        int x0 = ax.lo[i];
                        int x1 = ax.hi[i];
                        float wx = ax.w[i];
                        float c00 = in[z0 + y0 + x0] + wx * (in[z0 + y0 + x1] - in[z0 + y0 + x0]);
                        float c01 = in[z0 + y1 + x0] + wx * (in[z0 + y1 + x1] - in[z0 + y1 + x0]);
                        float c10 = in[z1 + y0 + x0] + wx * (in[z1 + y0 + x1] - in[z1 + y0 + x0]);
                        float c11 = in[z1 + y1 + x0] + wx * (in[z1 + y1 + x1] - in[z1 + y1 + x0]);
                        float c0 = c00 + wy * (c01 - c00);
                        float c1 = c10 + wy * (c11 - c10);
                        out[o] = c0 + wz * (c1 - c0);
                    }
                }
            }
        }
        return new Volume(shape[0], shape[1], shape[2], src.channels(), out, affine);
    }

    /** Nearest-neighbour resampling of every channel (label maps keep exactly their set of values, or a subset). */
    public static Volume nearest(Volume src, int[] shape) {
        int[] os = src.shape();
        Affine affine = resampledAffine(src.affine(), os, shape);
        if (Arrays.equals(os, shape)) {
            return new Volume(
                    shape[0], shape[1], shape[2], src.channels(), src.data().clone(), affine);
        }
        int[] ix = nearestTable(os[0], shape[0]);
        int[] iy = nearestTable(os[1], shape[1]);
        int[] iz = nearestTable(os[2], shape[2]);
        float[] in = src.data();
        int nOut = shape[0] * shape[1] * shape[2];
        int nIn = os[0] * os[1] * os[2];
        float[] out = new float[nOut * src.channels()];
        for (int c = 0; c < src.channels(); c++) {
            int o = c * nOut;
            for (int k = 0; k < shape[2]; k++) {
                int zo = c * nIn + iz[k] * os[0] * os[1];
                for (int j = 0; j < shape[1]; j++) {
                    int yo = zo + iy[j] * os[0];
                    for (int i = 0; i < shape[0]; i++) {
                        out[o++] = in[yo + ix[i]];
                    }
                }
            }
        }
        return new Volume(shape[0], shape[1], shape[2], src.channels(), out, affine);
    }

    /**
     * Resampling of a class map (values {@code 0 … numClasses−1}) by trilinear interpolation of each class's
     * one-hot indicator followed by the argmax (ties go to the lower class). Smoother than nearest for thin
     * structures when downsampling; computed voxel by voxel without materialising the one-hot volume.
     */
    public static Volume linearArgmax(Volume classes, int numClasses, int[] shape) {
        int[] os = classes.shape();
        Affine affine = resampledAffine(classes.affine(), os, shape);
        if (Arrays.equals(os, shape)) {
            return new Volume(shape[0], shape[1], shape[2], 1, classes.data().clone(), affine);
        }
        if (classes.channels() != 1) {
            throw new IllegalArgumentException("class map must have 1 channel, got " + classes.channels());
        }
        Axis ax = Axis.linear(os[0], shape[0]);
        Axis ay = Axis.linear(os[1], shape[1]);
        Axis az = Axis.linear(os[2], shape[2]);
        float[] in = classes.data();
        float[] out = new float[shape[0] * shape[1] * shape[2]];
        float[] acc = new float[numClasses];
        int sy = os[0];
        int sz = os[0] * os[1];
        int o = 0;
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++, o++) {
                    Arrays.fill(acc, 0f);
                    for (int corner = 0; corner < 8; corner++) {
                        int x = (corner & 1) == 0 ? ax.lo[i] : ax.hi[i];
                        int y = (corner & 2) == 0 ? ay.lo[j] : ay.hi[j];
                        int z = (corner & 4) == 0 ? az.lo[k] : az.hi[k];
                        float w = ((corner & 1) == 0 ? 1 - ax.w[i] : ax.w[i])
                                * ((corner & 2) == 0 ? 1 - ay.w[j] : ay.w[j])
                                * ((corner & 4) == 0 ? 1 - az.w[k] : az.w[k]);
                        int cls = (int) in[x + y * sy + z * sz];
                        if (cls < 0 || cls >= numClasses) {
                            throw new IllegalArgumentException(
                                    "class map value " + cls + " outside 0.." + (numClasses - 1));
                        }
                        acc[cls] += w;
                    }
                    int best = 0;
                    for (int c = 1; c < numClasses; c++) {
                        if (acc[c] > acc[best]) {
                            best = c;
                        }
                    }
                    out[o] = best;
                }
            }
        }
        return new Volume(shape[0], shape[1], shape[2], 1, out, affine);
    }

    /** Nearest source index for each of {@code m} target indices: ⌊(n + ½)·N/M⌋, clamped. */
    static int[] nearestTable(int n, int m) {
        int[] t = new int[m];
        for (int i = 0; i < m; i++) {
            t[i] = Math.min(n - 1, (int) Math.floor((i + 0.5) * n / m));
        }
        return t;
    }

    /** Per-axis linear interpolation taps: lower index, upper index and weight of the upper one. */
    private static final class Axis {
        final int[] lo;
        final int[] hi;
        final float[] w;

        private Axis(int m) {
            lo = new int[m];
            hi = new int[m];
            w = new float[m];
        }

        static Axis linear(int n, int m) {
            Axis a = new Axis(m);
            double scale = (double) n / m;
            for (int i = 0; i < m; i++) {
                double x = Math.min(n - 1, Math.max(0, (i + 0.5) * scale - 0.5));
                int x0 = (int) Math.floor(x);
                a.lo[i] = x0;
                a.hi[i] = Math.min(x0 + 1, n - 1);
                a.w[i] = (float) (x - x0);
            }
            return a;
        }
    }
}
