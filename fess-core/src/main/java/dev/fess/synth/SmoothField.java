package dev.fess.synth;

import java.util.SplittableRandom;

/**
 * A smooth random scalar field on a voxel grid: i.i.d. standard normal values on a coarse {@code m × m × m} lattice
 * of control points spanning the normalised cube {@code [-1, 1]³}, interpolated with cubic B-splines.
 *
 * <p>The field is defined in continuous normalised coordinates, so the same control values sampled on grids of
 * different resolution (e.g. an isotropic and a z-halved grid) describe the same anatomy. Voxel {@code i} of an axis
 * with {@code n} voxels sits at {@code u = 2(i + 0.5)/n − 1}. Values are scaled so that their standard deviation is
 * about 1. Evaluation is separable (x, then y, then z), costing O(nx·ny·nz·4) per field.
 */
final class SmoothField {
    /**
     * Σw² of the cubic B-spline basis averaged over a knot interval is ≈ 0.479 per axis, so the interpolated field
     * has variance ≈ 0.479³; this factor brings its standard deviation to ≈ 1.
     */
    private static final float UNIT_STD = (float) Math.pow(0.479, -1.5);

    private SmoothField() {}

    /** A field on a phantom grid scaled to standard deviation ≈ {@code std}. */
    static float[] sample(SplittableRandom rng, int m, Grid g, double std) {
        float[] f = sample(rng, m, g.nx, g.ny, g.nz);
        float s = (float) std;
        for (int v = 0; v < f.length; v++) {
            f[v] *= s;
        }
        return f;
    }

    /**
     * A field with {@code m} control points per axis (m ≥ 2; small m = low frequency) sampled on an
     * {@code nx × ny × nz} grid, in NIfTI order (i fastest).
     */
    static float[] sample(SplittableRandom rng, int m, int nx, int ny, int nz) {
        if (m < 2) {
            throw new IllegalArgumentException("need at least 2 control points per axis, got " + m);
        }
        // control lattice with one extra point on each side so every interpolation window is full
        int mc = m + 2;
        float[] c = new float[mc * mc * mc];
        for (int t = 0; t < c.length; t++) {
            c[t] = (float) rng.nextGaussian();
        }
        int[] ix = new int[nx];
        float[] wx = weights(nx, m, ix);
        int[] iy = new int[ny];
        float[] wy = weights(ny, m, iy);
        int[] iz = new int[nz];
        float[] wz = weights(nz, m, iz);

        float[] a = new float[nx * mc * mc]; // along x: a[i + nx·(cy + mc·cz)]
        for (int cz = 0; cz < mc; cz++) {
            for (int cy = 0; cy < mc; cy++) {
                int row = mc * (cy + mc * cz);
                int out = nx * (cy + mc * cz);
                for (int i = 0; i < nx; i++) {
                    int b = row + ix[i];
                    a[out + i] = wx[4 * i] * c[b]
                            + wx[4 * i + 1] * c[b + 1]
                            + wx[4 * i + 2] * c[b + 2]
                            + wx[4 * i + 3] * c[b + 3];
                }
            }
        }
        float[] b = new float[nx * ny * mc]; // along y: b[i + nx·(j + ny·cz)]
        for (int cz = 0; cz < mc; cz++) {
            for (int j = 0; j < ny; j++) {
                int s = iy[j];
                float w0 = wy[4 * j], w1 = wy[4 * j + 1], w2 = wy[4 * j + 2], w3 = wy[4 * j + 3];
                int o0 = nx * (s + mc * cz), o1 = o0 + nx, o2 = o1 + nx, o3 = o2 + nx;
                int out = nx * (j + ny * cz);
                for (int i = 0; i < nx; i++) {
                    b[out + i] = w0 * a[o0 + i] + w1 * a[o1 + i] + w2 * a[o2 + i] + w3 * a[o3 + i];
                }
            }
        }
        int plane = nx * ny;
        float[] f = new float[plane * nz];
        for (int k = 0; k < nz; k++) {
            int s = iz[k];
            float w0 = wz[4 * k] * UNIT_STD, w1 = wz[4 * k + 1] * UNIT_STD;
            float w2 = wz[4 * k + 2] * UNIT_STD, w3 = wz[4 * k + 3] * UNIT_STD;
            int o0 = plane * s, o1 = o0 + plane, o2 = o1 + plane, o3 = o2 + plane;
            int out = plane * k;
            for (int p = 0; p < plane; p++) {
                f[out + p] = w0 * b[o0 + p] + w1 * b[o1 + p] + w2 * b[o2 + p] + w3 * b[o3 + p];
            }
        }
        return f;
    }

    /** Cubic B-spline weights (4 per voxel) and first control index of each voxel's window along one axis. */
    private static float[] weights(int n, int m, int[] first) {
        float[] w = new float[4 * n];
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) / n * (m - 1); // in [0, m-1] over control points 1..m of the padded lattice
            int cell = Math.min((int) Math.floor(t), m - 2);
            double f = t - cell;
            first[i] = cell; // padded indices cell .. cell+3 around control points cell+1, cell+2
            double g = 1 - f;
            w[4 * i] = (float) (g * g * g / 6);
            w[4 * i + 1] = (float) ((3 * f * f * f - 6 * f * f + 4) / 6);
            w[4 * i + 2] = (float) ((-3 * f * f * f + 3 * f * f + 3 * f + 1) / 6);
            w[4 * i + 3] = (float) (f * f * f / 6);
        }
        return w;
    }
}
