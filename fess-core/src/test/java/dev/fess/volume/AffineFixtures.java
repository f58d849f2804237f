package dev.fess.volume;

import java.util.ArrayList;
import java.util.List;

/** Affines for tests: every axis permutation × flip (48), optionally rotated, scaled and translated. */
public final class AffineFixtures {
    private AffineFixtures() {}

    /** The 6 permutations of {0, 1, 2}. */
    public static final int[][] PERMUTATIONS = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    /**
     * Voxel axis d runs along world axis {@code perm[d]}, reversed when bit d of {@code flips} is set; voxel
     * sizes {@code zooms}, origin {@code origin}.
     */
    public static Affine permutedFlipped(int[] perm, int flips, double[] zooms, double[] origin) {
        double[] m = new double[16];
        for (int d = 0; d < 3; d++) {
            m[perm[d] * 4 + d] = ((flips >> d) & 1) == 1 ? -zooms[d] : zooms[d];
            m[d * 4 + 3] = origin[d];
        }
        m[15] = 1;
        return Affine.of(m);
    }

    /** All 48 permutation/flip affines with the given zooms and origin. */
    public static List<Affine> all48(double[] zooms, double[] origin) {
        List<Affine> out = new ArrayList<>();
        for (int[] p : PERMUTATIONS) {
            for (int f = 0; f < 8; f++) {
                out.add(permutedFlipped(p, f, zooms, origin));
            }
        }
        return out;
    }

    /** Rotation about a unit axis by an angle (Rodrigues' formula), as an affine without translation. */
    public static Affine rotation(double ax, double ay, double az, double angle) {
        double n = Math.sqrt(ax * ax + ay * ay + az * az);
        double x = ax / n, y = ay / n, z = az / n;
        double c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
        return Affine.of(
                t * x * x + c,
                t * x * y - s * z,
                t * x * z + s * y,
                0,
                t * x * y + s * z,
                t * y * y + c,
                t * y * z - s * x,
                0,
                t * x * z - s * y,
                t * y * z + s * x,
                t * z * z + c,
                0,
                0,
                0,
                0,
                1);
    }
}
