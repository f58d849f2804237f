package dev.fess.volume;

import java.util.Arrays;

/**
 * A 4×4 voxel-to-world transform in millimetres, in NIfTI's world convention (RAS+: world x grows towards the
 * patient's Right, y towards Anterior, z towards Superior).
 *
 * <p>World = A · [i, j, k, 1]ᵀ with (i, j, k) the voxel index in NIfTI order (i fastest in memory). Immutable.
 */
public final class Affine {
    private final double[] m; // row-major 4×4

    private Affine(double[] rowMajor) {
        this.m = rowMajor;
    }

    /** An affine from 16 row-major values; the last row must be (0, 0, 0, 1). */
    public static Affine of(double... rowMajor) {
        if (rowMajor.length != 16) {
            throw new IllegalArgumentException("affine needs 16 values, got " + rowMajor.length);
        }
        return new Affine(rowMajor.clone());
    }

    /** An affine from a 4×4 (or 3×4) row array. */
    public static Affine of(double[][] rows) {
        double[] v = new double[16];
        for (int r = 0; r < 3; r++) {
            if (rows[r].length != 4) {
                throw new IllegalArgumentException("affine row " + r + " needs 4 values, got " + rows[r].length);
            }
            System.arraycopy(rows[r], 0, v, r * 4, 4);
        }
        v[15] = 1;
        return new Affine(v);
    }

    /** The diagonal affine for the given voxel spacing with the origin at voxel (0,0,0). */
    public static Affine scaling(double sx, double sy, double sz) {
        return new Affine(new double[] {sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, sz, 0, 0, 0, 0, 1});
    }

    public static Affine identity() {
        return scaling(1, 1, 1);
    }

    public double get(int row, int col) {
        return m[row * 4 + col];
    }

    /** Row-major copy of the 16 values. */
    public double[] toArray() {
        return m.clone();
    }

    /** The 4×4 matrix as rows (a copy). */
    public double[][] toRows() {
        double[][] r = new double[4][4];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(m, i * 4, r[i], 0, 4);
        }
        return r;
    }

    /** Voxel spacing: the length of each of the first three columns. */
    public double[] spacing() {
        double[] s = new double[3];
        for (int c = 0; c < 3; c++) {
            double a = m[c], b = m[4 + c], d = m[8 + c];
            s[c] = Math.sqrt(a * a + b * b + d * d);
        }
        return s;
    }

    /**
     * Why this affine cannot map voxels to the world, or null when it can: a NaN or infinite entry, or a singular
     * 3×3 part — a zero voxel size (a zero column) or three axes in one plane, |det| ≤ 1e-6 · s₀s₁s₂ with sᵢ the
     * column norms.
     */
    public String problem() {
        for (int i = 0; i < 12; i++) {
            if (!Double.isFinite(m[i])) {
                return "non-finite entry " + m[i] + " at row " + i / 4 + ", column " + i % 4;
            }
        }
        double[] s = spacing();
        for (int c = 0; c < 3; c++) {
            if (s[c] == 0) {
                return "singular: voxel size 0 along axis " + c + " (column " + c + " is zero)";
            }
        }
        double det = m[0] * (m[5] * m[10] - m[6] * m[9])
                - m[1] * (m[4] * m[10] - m[6] * m[8])
                + m[2] * (m[4] * m[9] - m[5] * m[8]);
        if (Math.abs(det) <= 1e-6 * s[0] * s[1] * s[2]) {
            return "singular: the three voxel axes lie in one plane (determinant " + det + ")";
        }
        return null;
    }

    /** World coordinates of a (possibly fractional) voxel index. */
    public double[] apply(double i, double j, double k) {
        return new double[] {
            m[0] * i + m[1] * j + m[2] * k + m[3],
            m[4] * i + m[5] * j + m[6] * k + m[7],
            m[8] * i + m[9] * j + m[10] * k + m[11]
        };
    }

    /** This · other. */
    public Affine multiply(Affine other) {
        double[] r = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int k = 0; k < 4; k++) {
                    s += m[i * 4 + k] * other.m[k * 4 + j];
                }
                r[i * 4 + j] = s;
            }
        }
        return new Affine(r);
    }

    /** The inverse transform; throws if the 3×3 part is singular. */
    public Affine inverse() {
        double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], k = m[10];
        double det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
        if (det == 0 || !Double.isFinite(det)) {
            throw new IllegalStateException("affine is singular (determinant " + det + ")");
        }
        double[] inv3 = {
            (e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det,
            (f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det
        };
        double[] r = new double[16];
        for (int i = 0; i < 3; i++) {
            r[i * 4] = inv3[i * 3];
            r[i * 4 + 1] = inv3[i * 3 + 1];
            r[i * 4 + 2] = inv3[i * 3 + 2];
            r[i * 4 + 3] = -(inv3[i * 3] * m[3] + inv3[i * 3 + 1] * m[7] + inv3[i * 3 + 2] * m[11]);
        }
        r[15] = 1;
        return new Affine(r);
    }

    /** Largest absolute difference between corresponding entries. */
    public double maxAbsDifference(Affine other) {
        double d = 0;
        for (int i = 0; i < 16; i++) {
            d = Math.max(d, Math.abs(m[i] - other.m[i]));
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Affine a && Arrays.equals(m, a.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 4; r++) {
            sb.append(r == 0 ? "[[" : " [");
            for (int c = 0; c < 4; c++) {
                sb.append(String.format("%10.4f", m[r * 4 + c]));
                sb.append(c < 3 ? ", " : "]");
            }
            sb.append(r < 3 ? "\n" : "]");
        }
        return sb.toString();
    }
}
