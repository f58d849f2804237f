package dev.fess.nifti;

import dev.fess.volume.Affine;
import java.nio.ByteOrder;

/**
 * The header fields of a NIfTI-1 or NIfTI-2 file that fess uses, as stored (NIfTI-1 floats widened to double).
 *
 * <p>Arrays are defensive copies in both directions. {@code dim} and {@code pixdim} have 8 entries as in the file:
 * {@code dim[0]} is the number of dimensions, {@code pixdim[0]} is qfac. {@code srow} holds the sform rows x, y, z
 * (12 values, row-major).
 *
 * @param version 1 or 2
 * @param byteOrder byte order of header and data
 * @param magic {@code n+1}, {@code ni1} (header/image pair) or {@code n+2}
 * @param dim the {@code dim} field
 * @param datatype voxel type on disk
 * @param bitpix the {@code bitpix} field as stored
 * @param pixdim the {@code pixdim} field as stored (not fixed up)
 * @param voxOffset byte offset of the data in the data file, as stored
 * @param sclSlope {@code scl_slope} as stored
 * @param sclInter {@code scl_inter} as stored
 * @param qformCode {@code qform_code}
 * @param sformCode {@code sform_code}
 * @param quatern quatern_b, quatern_c, quatern_d
 * @param qoffset qoffset_x, qoffset_y, qoffset_z
 * @param srow srow_x, srow_y, srow_z (row-major 3×4)
 * @param xyztUnits {@code xyzt_units}
 * @param intentCode {@code intent_code}
 * @param descrip {@code descrip}, up to the first NUL
 */
public record NiftiHeader(
        int version,
        ByteOrder byteOrder,
        String magic,
        long[] dim,
        NiftiDatatype datatype,
        int bitpix,
        double[] pixdim,
        long voxOffset,
        double sclSlope,
        double sclInter,
        int qformCode,
        int sformCode,
        double[] quatern,
        double[] qoffset,
        double[] srow,
        int xyztUnits,
        int intentCode,
        String descrip) {

    /** Tolerance of nibabel's {@code fillpositive}: −3 float32 epsilons on 1 − (b² + c² + d²). */
    private static final double QUATERNION_THRESHOLD = -3 * Math.ulp(1.0f);

    public NiftiHeader {
        dim = dim.clone();
        pixdim = pixdim.clone();
        quatern = quatern.clone();
        qoffset = qoffset.clone();
        srow = srow.clone();
    }

    @Override
    public long[] dim() {
        return dim.clone();
    }

    @Override
    public double[] pixdim() {
        return pixdim.clone();
    }

    @Override
    public double[] quatern() {
        return quatern.clone();
    }

    @Override
    public double[] qoffset() {
        return qoffset.clone();
    }

    @Override
    public double[] srow() {
        return srow.clone();
    }

    /** Number of dimensions, {@code dim[0]}. */
    public int ndim() {
        return (int) dim[0];
    }

    /** All dimensions {@code dim[1..dim[0]]}. */
    public long[] fullShape() {
        long[] s = new long[ndim()];
        System.arraycopy(dim, 1, s, 0, s.length);
        return s;
    }

    /** Spatial shape {nx, ny, nz}; missing dimensions are 1. */
    public int[] spatialShape() {
        int[] s = {1, 1, 1};
        for (int d = 0; d < Math.min(3, ndim()); d++) {
            s[d] = (int) dim[d + 1];
        }
        return s;
    }

    /** Product of dimensions 4 and up (the channel count of the volume); 1 for 3D. */
    public int channels() {
        long c = 1;
        for (int d = 4; d <= ndim(); d++) {
            c *= dim[d];
        }
        return (int) c;
    }

    /** Whether values are scaled on reading: {@code scl_slope} finite and non-zero (as nibabel). */
    public boolean scaled() {
        return sclSlope != 0 && Double.isFinite(sclSlope);
    }

    /** Slope applied on reading (1 when not {@link #scaled()}). */
    public double effectiveSlope() {
        return scaled() ? sclSlope : 1;
    }

    /** Intercept applied on reading (0 when not {@link #scaled()}). */
    public double effectiveInter() {
        return scaled() ? sclInter : 0;
    }

    /** Spatial voxel sizes pixdim[1..3] as nibabel fixes them on loading: absolute values, 0 replaced by 1. */
    public double[] spacing() {
        double[] s = new double[3];
        for (int d = 0; d < 3; d++) {
            double p = Math.abs(pixdim[d + 1]);
            s[d] = p == 0 || Double.isNaN(p) ? 1 : p;
        }
        return s;
    }

    /**
     * The voxel-to-world affine a reader reports (nibabel's {@code get_best_affine}): the sform when
     * {@code sform_code ≠ 0}, else the qform when {@code qform_code ≠ 0}, else {@link #fallbackAffine()}.
     *
     * @throws IllegalStateException when the chosen transform is invalid (quaternion norm above 1)
     */
    public Affine affine() {
        if (sformCode != 0) {
            return sformAffine();
        }
        if (qformCode != 0) {
            return qformAffine();
        }
        return fallbackAffine();
    }

    /** Which transform {@link #affine()} uses: "sform", "qform" or "pixdim". */
    public String affineSource() {
        return sformCode != 0 ? "sform" : qformCode != 0 ? "qform" : "pixdim";
    }

    /** The sform rows as an affine. */
    public Affine sformAffine() {
        double[] m = new double[16];
        System.arraycopy(srow, 0, m, 0, 12);
        m[15] = 1;
        return Affine.of(m);
    }

    /**
     * The qform: R(quaternion) · diag(px, py, qfac·pz) with translation qoffset. The rotation's scalar part is
     * {@code a = sqrt(1 − b² − c² − d²)} (0 when slightly negative, as nibabel); qfac is −1 when pixdim[0] = −1,
     * else 1; voxel sizes as {@link #spacing()}.
     */
    public Affine qformAffine() {
        double b = quatern[0], c = quatern[1], d = quatern[2];
        double w2 = 1 - (b * b + c * c + d * d);
        double a;
        if (w2 < 0) {
            if (w2 < QUATERNION_THRESHOLD) {
                throw new IllegalStateException(
                        "qform quaternion (b, c, d) = (" + b + ", " + c + ", " + d + ") has norm above 1");
            }
            a = 0;
        } else {
            a = Math.sqrt(w2);
        }
        double[] r = quaternionToRotation(a, b, c, d);
        double[] s = spacing();
        double qfac = pixdim[0] == -1 ? -1 : 1;
        s[2] *= qfac;
        double[] m = new double[16];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                m[row * 4 + col] = r[row * 3 + col] * s[col];
            }
            m[row * 4 + 3] = qoffset[row];
        }
        m[15] = 1;
        return Affine.of(m);
    }

    /**
     * Rotation matrix (row-major 3×3) of quaternion (a, b, c, d), normalised first (nibabel's {@code quat2mat}).
     */
    static double[] quaternionToRotation(double w, double x, double y, double z) {
        double n = w * w + x * x + y * y + z * z;
        if (n < Math.ulp(1.0)) {
            return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        }
        double s = 2.0 / n;
        double xs = x * s, ys = y * s, zs = z * s;
        double wx = w * xs, wy = w * ys, wz = w * zs;
        double xx = x * xs, xy = x * ys, xz = x * zs;
        double yy = y * ys, yz = y * zs, zz = z * zs;
        return new double[] {
            1 - (yy + zz), xy - wz, xz + wy, xy + wz, 1 - (xx + zz), yz - wx, xz - wy, yz + wx, 1 - (xx + yy)
        };
    }

    /**
     * nibabel's affine for a header with neither sform nor qform: diag(−px, py, pz) with the volume centre at the
     * world origin (voxel sizes as {@link #spacing()}).
     */
    public Affine fallbackAffine() {
        int[] shape = spatialShape();
        double[] z = spacing();
        z[0] = -z[0];
        double[] m = new double[16];
        for (int d = 0; d < 3; d++) {
            m[d * 4 + d] = z[d];
            m[d * 4 + 3] = -(shape[d] - 1) / 2.0 * z[d];
        }
        m[15] = 1;
        return Affine.of(m);
    }
}
