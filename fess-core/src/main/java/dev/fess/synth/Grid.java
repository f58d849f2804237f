package dev.fess.synth;

import dev.fess.volume.Affine;

/**
 * The RAS-ordered voxel grid a phantom is built on: voxel centres in normalised coordinates
 * {@code u = 2(i + 0.5)/n − 1 ∈ (−1, 1)} per axis, and the RAS affine placing the grid centre at world (0, 0, 0).
 */
final class Grid {
    final int nx;
    final int ny;
    final int nz;
    final float[] ux;
    final float[] uy;
    final float[] uz;
    final Affine affine;
    /** Voxels per unit of normalised coordinate in x (in-plane): n/2. */
    final double voxelsPerUnit;

    Grid(PhantomOptions o) {
        int[] n = o.rasShape();
        double[] s = o.rasSpacing();
        nx = n[0];
        ny = n[1];
        nz = n[2];
        ux = centres(nx);
        uy = centres(ny);
        uz = centres(nz);
        affine = Affine.of(
                s[0],
                0,
                0,
                -(nx - 1) / 2.0 * s[0],
                0,
                s[1],
                0,
                -(ny - 1) / 2.0 * s[1],
                0,
                0,
                s[2],
                -(nz - 1) / 2.0 * s[2],
                0,
                0,
                0,
                1);
        voxelsPerUnit = nx / 2.0;
    }

    int voxels() {
        return nx * ny * nz;
    }

    private static float[] centres(int n) {
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = (float) (2.0 * (i + 0.5) / n - 1.0);
        }
        return u;
    }

    /** Separable 3-tap blur [¼ ½ ¼] along each axis (edge voxels repeat), as a simple scanner point-spread. */
    void blur(float[] v, int offset) {
        int plane = nx * ny;
        float[] line = new float[Math.max(nx, Math.max(ny, nz))];
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                int b = offset + nx * (j + ny * k);
                blurLine(v, b, 1, nx, line);
            }
        }
        for (int k = 0; k < nz; k++) {
            for (int i = 0; i < nx; i++) {
                blurLine(v, offset + i + plane * k, nx, ny, line);
            }
        }
        if (nz > 1) {
            for (int p = 0; p < plane; p++) {
                blurLine(v, offset + p, plane, nz, line);
            }
        }
    }

    private static void blurLine(float[] v, int start, int stride, int n, float[] line) {
        for (int t = 0; t < n; t++) {
            line[t] = v[start + t * stride];
        }
        for (int t = 0; t < n; t++) {
            float l = line[Math.max(0, t - 1)];
            float r = line[Math.min(n - 1, t + 1)];
            v[start + t * stride] = 0.25f * l + 0.5f * line[t] + 0.25f * r;
        }
    }
}
