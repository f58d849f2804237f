package dev.fess.augment;

import dev.fess.preprocess.CachedCase;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * One coordinate map from a patch grid to a case's voxel grid, applied once: flips, 90° rotations, small
 * rotations, zoom and an optional elastic field are composed into it, so the patch is resampled a single time.
 *
 * <p>All coordinates are (z, y, x) = (D, H, W) voxel indices. Patch voxel {@code p} shows case position
 * {@code s(p) = centre + A·(p − h) + e(p)} with {@code h = (P − 1)/2} the patch centre, {@code A} a 3×3 matrix
 * and {@code e} the elastic displacement (or 0). Images are sampled trilinearly, labels by nearest neighbour
 * ({@code ⌊s + ½⌋}); positions outside the case read 0 (tap by tap for images). With {@code A = I}, no elastic
 * field and an integer {@code centre − h}, the patch is an exact copy.
 */
public final class SpatialTransform {
    private final double[] a; // row-major 3×3
    private final double[] inv;
    private final ElasticField elastic;

    SpatialTransform(double[] a, ElasticField elastic) {
        this.a = a.clone();
        this.inv = invert(a);
        this.elastic = elastic;
    }

    /** The identity map. */
    public static SpatialTransform identity() {
        return new SpatialTransform(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, null);
    }

    /** A map with the given 3×3 matrix (row-major, z-y-x) and no elastic field. */
    public static SpatialTransform linear(double... matrix) {
        return new SpatialTransform(matrix, null);
    }

    /** The 3×3 matrix (copy). */
    public double[] matrix() {
        return a.clone();
    }

    public boolean hasElastic() {
        return elastic != null;
    }

    /** Case position {z, y, x} shown by patch voxel (pz, py, px). */
    public double[] source(double[] centre, int[] patch, double pz, double py, double px) {
        double[] s = new double[3];
        source(centre, patch, pz, py, px, s);
        return s;
    }

    private void source(double[] centre, int[] patch, double pz, double py, double px, double[] s) {
        double dz = pz - (patch[0] - 1) / 2.0;
        double dy = py - (patch[1] - 1) / 2.0;
        double dx = px - (patch[2] - 1) / 2.0;
        s[0] = centre[0] + a[0] * dz + a[1] * dy + a[2] * dx;
        s[1] = centre[1] + a[3] * dz + a[4] * dy + a[5] * dx;
        s[2] = centre[2] + a[6] * dz + a[7] * dy + a[8] * dx;
        if (elastic != null) {
            elastic.add(pz, py, px, s);
        }
    }

    /**
     * Patch position {z, y, x} that shows case position {@code s} (inverse of {@link #source}; with an elastic
     * field found by fixed-point iteration, accurate to a small fraction of a voxel for the smooth fields used).
     */
    public double[] patchPosition(double[] centre, int[] patch, double[] s) {
        double[] q = new double[3];
        patchPosition(centre, patch, s, q, new double[3]);
        return q;
    }

    private void patchPosition(double[] centre, int[] patch, double[] s, double[] q, double[] e) {
        double hz = (patch[0] - 1) / 2.0, hy = (patch[1] - 1) / 2.0, hx = (patch[2] - 1) / 2.0;
        e[0] = 0;
        e[1] = 0;
        e[2] = 0;
        int iterations = elastic == null ? 1 : 8;
        for (int it = 0; it < iterations; it++) {
            double rz = s[0] - centre[0] - e[0];
            double ry = s[1] - centre[1] - e[1];
            double rx = s[2] - centre[2] - e[2];
            q[0] = hz + inv[0] * rz + inv[1] * ry + inv[2] * rx;
            q[1] = hy + inv[3] * rz + inv[4] * ry + inv[5] * rx;
            q[2] = hx + inv[6] * rz + inv[7] * ry + inv[8] * rx;
            if (elastic != null) {
                e[0] = 0;
                e[1] = 0;
                e[2] = 0;
                elastic.add(q[0], q[1], q[2], e);
            }
        }
    }

    /**
     * Voxel correspondence between two views of the same patch centre: for each voxel {@code p} of view 1 (flat
     * D×H×W index), the flat index of the view-2 voxel nearest to the patch position showing the same case
     * position, or −1 when that falls outside view 2.
     */
    public static void correspondence(
            SpatialTransform view1, SpatialTransform view2, double[] centre, int[] patch, int[] out, int offset) {
        double[] s = new double[3];
        double[] q = new double[3];
        double[] e = new double[3];
        int o = offset;
        for (int z = 0; z < patch[0]; z++) {
            for (int y = 0; y < patch[1]; y++) {
                for (int x = 0; x < patch[2]; x++, o++) {
                    view1.source(centre, patch, z, y, x, s);
                    view2.patchPosition(centre, patch, s, q, e);
                    int qz = (int) Math.floor(q[0] + 0.5);
                    int qy = (int) Math.floor(q[1] + 0.5);
                    int qx = (int) Math.floor(q[2] + 0.5);
                    boolean in = qz >= 0 && qz < patch[0] && qy >= 0 && qy < patch[1] && qx >= 0 && qx < patch[2];
                    out[o] = in ? qx + patch[2] * (qy + patch[1] * qz) : -1;
                }
            }
        }
    }

    /**
     * Resamples a patch of a case.
     *
     * @param c the case
     * @param centre case position {z, y, x} of the patch centre
     * @param patch patch size {D, H, W}
     * @param image destination, C×D×H×W values written from {@code imageOffset}
     * @param classes destination of D×H×W class indices from {@code classOffset}, or {@code null}
     * @param nearestImage sample the image by nearest neighbour too (for tests and label-like images)
     */
    public void apply(
            CachedCase c,
            double[] centre,
            int[] patch,
            float[] image,
            int imageOffset,
            byte[] classes,
            int classOffset,
            boolean nearestImage) {
        int cd = c.depth(), ch = c.height(), cw = c.width();
        int cn = c.voxels();
        int channels = c.channels();
        int pd = patch[0], ph = patch[1], pw = patch[2];
        int pv = pd * ph * pw;
        FloatBuffer img = c.image();
        ByteBuffer cls = classes != null ? c.classes() : null;
        double hz = (pd - 1) / 2.0, hy = (ph - 1) / 2.0, hx = (pw - 1) / 2.0;
        double[] s = new double[3];
        int o = 0;
        for (int z = 0; z < pd; z++) {
            for (int y = 0; y < ph; y++) {
                double dz = z - hz, dy = y - hy;
                double bz = centre[0] + a[0] * dz + a[1] * dy;
                double by = centre[1] + a[3] * dz + a[4] * dy;
                double bx = centre[2] + a[6] * dz + a[7] * dy;
                for (int x = 0; x < pw; x++, o++) {
                    double dx = x - hx;
                    s[0] = bz + a[2] * dx;
                    s[1] = by + a[5] * dx;
                    s[2] = bx + a[8] * dx;
                    if (elastic != null) {
                        elastic.add(z, y, x, s);
                    }
                    if (cls != null) {
                        int nz = (int) Math.floor(s[0] + 0.5);
                        int ny = (int) Math.floor(s[1] + 0.5);
                        int nx = (int) Math.floor(s[2] + 0.5);
                        boolean in = nz >= 0 && nz < cd && ny >= 0 && ny < ch && nx >= 0 && nx < cw;
                        classes[classOffset + o] = in ? cls.get(nx + cw * (ny + ch * nz)) : 0;
                    }
                    if (nearestImage) {
                        int nz = (int) Math.floor(s[0] + 0.5);
                        int ny = (int) Math.floor(s[1] + 0.5);
                        int nx = (int) Math.floor(s[2] + 0.5);
                        boolean in = nz >= 0 && nz < cd && ny >= 0 && ny < ch && nx >= 0 && nx < cw;
                        int idx = nx + cw * (ny + ch * nz);
                        for (int k = 0; k < channels; k++) {
                            image[imageOffset + k * pv + o] = in ? img.get(k * cn + idx) : 0f;
                        }
                        continue;
                    }
                    int z0 = (int) Math.floor(s[0]);
                    int y0 = (int) Math.floor(s[1]);
                    int x0 = (int) Math.floor(s[2]);
                    float wz = (float) (s[0] - z0), wy = (float) (s[1] - y0), wx = (float) (s[2] - x0);
                    if (z0 >= 0 && z0 + 1 < cd && y0 >= 0 && y0 + 1 < ch && x0 >= 0 && x0 + 1 < cw) {
                        int i000 = x0 + cw * (y0 + ch * z0);
                        int sy = cw, sz = cw * ch;
                        for (int k = 0; k < channels; k++) {
                            int b = k * cn + i000;
                            float c00 = lerp(img.get(b), img.get(b + 1), wx);
                            float c01 = lerp(img.get(b + sy), img.get(b + sy + 1), wx);
                            float c10 = lerp(img.get(b + sz), img.get(b + sz + 1), wx);
                            float c11 = lerp(img.get(b + sz + sy), img.get(b + sz + sy + 1), wx);
                            image[imageOffset + k * pv + o] = lerp(lerp(c00, c01, wy), lerp(c10, c11, wy), wz);
                        }
                    } else {
                        for (int k = 0; k < channels; k++) {
                            float v = 0;
                            for (int corner = 0; corner < 8; corner++) {
                                int zz = z0 + ((corner >> 2) & 1);
                                int yy = y0 + ((corner >> 1) & 1);
                                int xx = x0 + (corner & 1);
                                if (zz < 0 || zz >= cd || yy < 0 || yy >= ch || xx < 0 || xx >= cw) {
                                    continue;
                                }
                                float w = ((corner & 4) != 0 ? wz : 1 - wz)
                                        * ((corner & 2) != 0 ? wy : 1 - wy)
                                        * ((corner & 1) != 0 ? wx : 1 - wx);
                                if (w != 0) {
                                    v += w * img.get(k * cn + xx + cw * (yy + ch * zz));
                                }
                            }
                            image[imageOffset + k * pv + o] = v;
                        }
                    }
                }
            }
        }
    }

    private static float lerp(float a, float b, float w) {
        return a + w * (b - a);
    }

    static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], k = m[8];
        double det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
        if (!(Math.abs(det) > 1e-12)) {
            throw new IllegalArgumentException("spatial transform matrix is singular (determinant " + det + ")");
        }
        return new double[] {
            (e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det,
            (f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det
        };
    }

    static double[] multiply(double[] x, double[] y) {
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[i * 3 + j] = x[i * 3] * y[j] + x[i * 3 + 1] * y[3 + j] + x[i * 3 + 2] * y[6 + j];
            }
        }
        return r;
    }

    /**
     * A smooth random displacement field over the patch: Gaussian control-point displacements every
     * {@code spacing} voxels, trilinearly interpolated.
     */
    static final class ElasticField {
        private final int gz, gy, gx;
        private final double spacing;
        private final double[] d; // (gz × gy × gx) × 3

        ElasticField(int[] patch, double spacing, double magnitude, SplittableRandom rng) {
            this.spacing = spacing;
            gz = (int) Math.ceil((patch[0] - 1) / spacing) + 2;
            gy = (int) Math.ceil((patch[1] - 1) / spacing) + 2;
            gx = (int) Math.ceil((patch[2] - 1) / spacing) + 2;
            d = new double[gz * gy * gx * 3];
            for (int i = 0; i < d.length; i++) {
                d[i] = magnitude * rng.nextGaussian();
            }
        }

        /** Adds the displacement at patch position (z, y, x) (clamped to the control grid) to {@code s}. */
        void add(double z, double y, double x, double[] s) {
            double fz = clamp(z / spacing, gz - 1), fy = clamp(y / spacing, gy - 1), fx = clamp(x / spacing, gx - 1);
            int z0 = Math.min((int) fz, gz - 2), y0 = Math.min((int) fy, gy - 2), x0 = Math.min((int) fx, gx - 2);
            double wz = fz - z0, wy = fy - y0, wx = fx - x0;
            for (int corner = 0; corner < 8; corner++) {
                int zz = z0 + ((corner >> 2) & 1), yy = y0 + ((corner >> 1) & 1), xx = x0 + (corner & 1);
                double w = ((corner & 4) != 0 ? wz : 1 - wz)
                        * ((corner & 2) != 0 ? wy : 1 - wy)
                        * ((corner & 1) != 0 ? wx : 1 - wx);
                int b = 3 * (xx + gx * (yy + gy * zz));
                s[0] += w * d[b];
                s[1] += w * d[b + 1];
                s[2] += w * d[b + 2];
            }
        }

        private static double clamp(double v, double max) {
            return Math.max(0, Math.min(max, v));
        }
    }
}
