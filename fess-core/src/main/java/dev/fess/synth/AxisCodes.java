package dev.fess.synth;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.Locale;

/**
 * Orientation of a stored array as three axis codes (nibabel's {@code aff2axcodes} convention): letter {@code a}
 * names the world direction that array axis {@code a} increases towards, e.g. {@code RAS} (i → Right, j → Anterior,
 * k → Superior) or {@code LPS} (i → Left, j → Posterior, k → Superior, the DICOM convention).
 */
public final class AxisCodes {
    /** The identity orientation in which the generators build phantoms. */
    public static final AxisCodes RAS = parse("RAS");

    private final String codes;
    private final int[] rasAxis = new int[3]; // RAS world axis of each array axis
    private final boolean[] flipped = new boolean[3]; // true when that array axis runs towards L, P or I

    private AxisCodes(String codes) {
        this.codes = codes;
        boolean[] seen = new boolean[3];
        for (int a = 0; a < 3; a++) {
            char ch = codes.charAt(a);
            int axis = switch (ch) {
                case 'R', 'L' -> 0;
                case 'A', 'P' -> 1;
                case 'S', 'I' -> 2;
                default -> -1;
            };
            if (axis < 0 || seen[axis]) {
                throw UserInputException.ofSetting(
                        "orientation",
                        "orientation: expected three axis codes, one of R/L, A/P and S/I each"
                                + " (e.g. RAS, LPS), got '" + codes + "'");
            }
            seen[axis] = true;
            rasAxis[a] = axis;
            flipped[a] = ch == 'L' || ch == 'P' || ch == 'I';
        }
    }

    /** Parses codes such as {@code RAS}, {@code lps}, {@code PIR}. */
    public static AxisCodes parse(String codes) {
        String c = codes == null ? "" : codes.trim().toUpperCase(Locale.ROOT);
        if (c.length() != 3) {
            throw UserInputException.ofSetting(
                    "orientation", "orientation: expected three axis codes such as RAS or LPS, got '" + codes + "'");
        }
        return new AxisCodes(c);
    }

    /** The codes as a string, e.g. {@code LPS}. */
    public String codes() {
        return codes;
    }

    /** The RAS world axis (0 = x, 1 = y, 2 = z) that array axis {@code a} runs along. */
    public int rasAxis(int a) {
        return rasAxis[a];
    }

    /**
     * Re-stores a volume built on a RAS-ordered grid in this orientation: same world geometry, permuted / flipped
     * array axes. Returns the input itself for {@code RAS}.
     */
    public Volume fromRas(Volume ras) {
        if (codes.equals("RAS")) {
            return ras;
        }
        int[] n = ras.shape();
        int[] out = {n[rasAxis[0]], n[rasAxis[1]], n[rasAxis[2]]};
        // index into the RAS array as a linear function of the output index: base + Σ step[a]·o[a]
        int[] rasStride = {1, n[0], n[0] * n[1]};
        int base = 0;
        int[] step = new int[3];
        for (int a = 0; a < 3; a++) {
            int r = rasAxis[a];
            if (flipped[a]) {
                base += (n[r] - 1) * rasStride[r];
                step[a] = -rasStride[r];
            } else {
                step[a] = rasStride[r];
            }
        }
        int vox = ras.voxels();
        float[] src = ras.data();
        float[] dst = new float[src.length];
        for (int c = 0; c < ras.channels(); c++) {
            int p = c * vox;
            for (int k = 0; k < out[2]; k++) {
                for (int j = 0; j < out[1]; j++) {
                    int s = c * vox + base + step[2] * k + step[1] * j;
                    for (int i = 0; i < out[0]; i++) {
                        dst[p++] = src[s];
                        s += step[0];
                    }
                }
            }
        }
        return new Volume(out[0], out[1], out[2], ras.channels(), dst, affineFromRas(ras.affine(), n));
    }

    /** The affine of the re-stored array: {@code rasAffine · M} with M mapping new indices to RAS-grid indices. */
    Affine affineFromRas(Affine rasAffine, int[] rasShape) {
        double[] m = new double[16];
        for (int a = 0; a < 3; a++) {
            int r = rasAxis[a];
            m[r * 4 + a] = flipped[a] ? -1 : 1;
            if (flipped[a]) {
                m[r * 4 + 3] = rasShape[r] - 1;
            }
        }
        m[15] = 1;
        return rasAffine.multiply(Affine.of(m));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AxisCodes a && a.codes.equals(codes);
    }

    @Override
    public int hashCode() {
        return codes.hashCode();
    }

    @Override
    public String toString() {
        return codes;
    }
}
