package dev.fess.volume;

/**
 * The 3×3 linear algebra geometry needs (row-major {@code double[9]}): determinant and the polar decomposition's
 * orthogonal factor, i.e. the rotation (or reflection) nearest to a matrix, as nibabel computes it with an SVD.
 */
public final class Matrix3 {
    private Matrix3() {}

    /** The upper-left 3×3 block of an affine, row-major. */
    public static double[] linearPart(Affine a) {
        double[] m = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[r * 3 + c] = a.get(r, c);
            }
        }
        return m;
    }

    /** Determinant of a row-major 3×3 matrix {@code m} (length 9). */
    public static double det(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7])
                - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    /**
     * Orthogonal factor R = U·Vᵀ of the SVD M = U·S·Vᵀ, keeping only singular values above
     * {@code max(S)·3·ε} (nibabel's rank threshold): for a full-rank M this is the orthogonal matrix nearest to M
     * (same determinant sign); for a rank-deficient M the dropped directions give zero columns.
     */
    public static double[] polar(double[] m) {
        // Eigen-decomposition of MᵀM = V·diag(s²)·Vᵀ by cyclic Jacobi rotations.
        double[] a = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += m[k * 3 + i] * m[k * 3 + j];
                }
                a[i * 3 + j] = s;
            }
        }
        double[] v = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
            if (off == 0 || off < 1e-300) {
                break;
            }
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    double apq = a[p * 3 + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (a[q * 3 + q] - a[p * 3 + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < 3; k++) { // A ← A·J
                        double akp = a[k * 3 + p], akq = a[k * 3 + q];
                        a[k * 3 + p] = c * akp - s * akq;
                        a[k * 3 + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++) { // A ← Jᵀ·A
                        double apk = a[p * 3 + k], aqk = a[q * 3 + k];
                        a[p * 3 + k] = c * apk - s * aqk;
                        a[q * 3 + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 3; k++) { // V ← V·J
                        double vkp = v[k * 3 + p], vkq = v[k * 3 + q];
                        v[k * 3 + p] = c * vkp - s * vkq;
                        v[k * 3 + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] sigma = new double[3];
        double smax = 0;
        for (int i = 0; i < 3; i++) {
            sigma[i] = Math.sqrt(Math.max(0, a[i * 3 + i]));
            smax = Math.max(smax, sigma[i]);
        }
        double tol = smax * 3 * Math.ulp(1.0);
        double[] r = new double[9];
        int rank = 0;
        for (int i = 0; i < 3; i++) {
            if (!(sigma[i] > tol)) {
                continue;
            }
            rank++;
            double[] u = new double[3];
            for (int row = 0; row < 3; row++) {
                u[row] = (m[row * 3] * v[i] + m[row * 3 + 1] * v[3 + i] + m[row * 3 + 2] * v[6 + i]) / sigma[i];
            }
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 3; col++) {
                    r[row * 3 + col] += u[row] * v[col * 3 + i];
                }
            }
        }
        if (rank == 3) {
            for (int it = 0; it < 3; it++) { // Newton: R ← (R + R⁻ᵀ)/2 polishes orthogonality
                double d = det(r);
                if (d == 0 || !Double.isFinite(d)) {
                    break;
                }
                double[] cof = {
                    r[4] * r[8] - r[5] * r[7], r[5] * r[6] - r[3] * r[8], r[3] * r[7] - r[4] * r[6],
                    r[2] * r[7] - r[1] * r[8], r[0] * r[8] - r[2] * r[6], r[1] * r[6] - r[0] * r[7],
                    r[1] * r[5] - r[2] * r[4], r[2] * r[3] - r[0] * r[5], r[0] * r[4] - r[1] * r[3]
                };
                for (int k = 0; k < 9; k++) {
                    r[k] = 0.5 * (r[k] + cof[k] / d); // R⁻ᵀ = cofactor matrix / det
                }
            }
        }
        return r;
    }
}
