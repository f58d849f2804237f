package dev.fess.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fess.volume.Affine;
import dev.fess.volume.AffineFixtures;
import dev.fess.volume.Matrix3;
import dev.fess.volume.Volume;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header fields set byte by byte: qform-only geometry, pixdim fallback, scaling, pairs, byte order. */
class NiftiHeaderFieldsTest {
    @TempDir
    Path tmp;

    static final float[] DATA = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    /** Bytes of a 3×2×2 int16 .nii (little-endian) written by fess, ready to be patched. */
    static ByteBuffer base(Path tmp) throws IOException {
        Path f = tmp.resolve("base.nii");
        Nifti.write(f, new Volume(3, 2, 2, 1, DATA, Affine.identity()), NiftiDatatype.INT16);
        return ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    }

    Path save(ByteBuffer b, String name) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    /** A qform-only header (sform_code 0) holding rotation R(axis, angle), pixdim and qfac. */
    ByteBuffer qformOnly(double[] axis, double angle, float[] pix, float qfac) throws IOException {
        ByteBuffer b = base(tmp);
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double s = Math.sin(angle / 2);
        b.putShort(252, (short) 1).putShort(254, (short) 0);
        b.putFloat(256, (float) (axis[0] / n * s))
                .putFloat(260, (float) (axis[1] / n * s))
                .putFloat(264, (float) (axis[2] / n * s));
        b.putFloat(268, 10f).putFloat(272, -20f).putFloat(276, 30.5f);
        b.putFloat(76, qfac).putFloat(80, pix[0]).putFloat(84, pix[1]).putFloat(88, pix[2]);
        for (int i = 280; i < 328; i++) {
            b.put(i, (byte) 0x7f); // garbage sform must be ignored when sform_code is 0
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, -1})
    void qformIsRotationTimesPixdimWithQfac(int qfac) throws IOException {
        double[] axis = {0.3, -0.5, 0.8};
        double angle = 0.7;
        float[] pix = {0.9f, 1.25f, 3f};
        NiftiImage img = Nifti.read(save(qformOnly(axis, angle, pix, qfac), "q.nii"));
        // Independent reference: Rodrigues rotation · diag(px, py, qfac·pz) + qoffset.
        Affine rot = AffineFixtures.rotation(axis[0], axis[1], axis[2], angle);
        Affine expected = Affine.of(pix[0], 0, 0, 0, 0, pix[1], 0, 0, 0, 0, qfac * pix[2], 0, 0, 0, 0, 1);
        expected = rot.multiply(expected);
        double[] m = expected.toArray();
        m[3] = 10;
        m[7] = -20;
        m[11] = 30.5;
        assertThat(img.volume().affine().maxAbsDifference(Affine.of(m))).isLessThan(1e-6);
        assertThat(img.header().affineSource()).isEqualTo("qform");
        assertThat(Math.signum(Matrix3.det(Matrix3.linearPart(img.volume().affine()))))
                .isEqualTo(qfac);
    }

    @Test
    void negativePixdimIsTakenAbsoluteAndOddQfacIsOne() throws IOException {
        ByteBuffer a = qformOnly(new double[] {0, 0, 1}, 0.4, new float[] {-2f, 1f, -3f}, 0f);
        ByteBuffer b = qformOnly(new double[] {0, 0, 1}, 0.4, new float[] {2f, 1f, 3f}, 1f);
        Affine fromNegative = Nifti.read(save(a, "n.nii")).volume().affine();
        Affine fromPositive = Nifti.read(save(b, "p.nii")).volume().affine();
        assertThat(fromNegative).isEqualTo(fromPositive);
    }

    @Test
    void quaternionWithNormAboveOneIsRefused() throws IOException {
        ByteBuffer b = qformOnly(new double[] {0, 0, 1}, 0.4, new float[] {1, 1, 1}, 1);
        b.putFloat(256, 0.9f).putFloat(260, 0.9f);
        Path f = save(b, "bad.nii");
        assertThatThrownBy(() -> Nifti.read(f))
                .isInstanceOf(NiftiFormatException.class)
                .hasMessageContaining("quaternion");
    }

    @Test
    void noTransformFallsBackToNibabelsCentredPixdimAffine() throws IOException {
        ByteBuffer b = base(tmp);
        b.putShort(252, (short) 0).putShort(254, (short) 0);
        b.putFloat(80, 2f).putFloat(84, 3f).putFloat(88, 4f);
        NiftiImage img = Nifti.read(save(b, "f.nii"));
        // nibabel: diag(-2, 3, 4), translation −(shape−1)/2 · zooms, shape 3×2×2
        assertThat(img.volume().affine().toArray())
                .containsExactly(-2, 0, 0, 2, 0, 3, 0, -1.5, 0, 0, 4, -2, 0, 0, 0, 1);
        assertThat(img.header().affineSource()).isEqualTo("pixdim");
    }

    @Test
    void slopeAndInterceptAreApplied() throws IOException {
        ByteBuffer b = base(tmp);
        b.putFloat(112, 0.5f).putFloat(116, -100f);
        NiftiImage img = Nifti.read(save(b, "s.nii"));
        float[] want = new float[DATA.length];
        double sum = 0;
        for (int i = 0; i < DATA.length; i++) {
            want[i] = DATA[i] * 0.5f - 100;
            sum += want[i];
        }
        assertThat(img.volume().data()).containsExactly(want);
        assertThat(img.statistics().sum()).isEqualTo(sum);
        assertThat(img.statistics().min()).isEqualTo(-99.5);
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, Float.NaN, Float.POSITIVE_INFINITY})
    void invalidSlopeMeansNoScaling(float slope) throws IOException {
        ByteBuffer b = base(tmp);
        b.putFloat(112, slope).putFloat(116, 7f);
        assertThat(Nifti.readVolume(save(b, "n.nii")).data()).containsExactly(DATA);
    }

    @Test
    void validSlopeWithNanInterceptIsRefused() throws IOException {
        ByteBuffer b = base(tmp);
        b.putFloat(112, 2f).putFloat(116, Float.NaN);
        Path f = save(b, "n.nii");
        assertThatThrownBy(() -> Nifti.read(f))
                .isInstanceOf(NiftiFormatException.class)
                .hasMessageContaining("scl_inter");
    }

    @Test
    void extensionsAreSkippedByVoxOffset() throws IOException {
        ByteBuffer b = base(tmp);
        byte[] all = b.array();
        byte[] ext = new byte[32];
        ext[0] = 1; // extension flag
        ByteBuffer e = ByteBuffer.wrap(ext).order(ByteOrder.LITTLE_ENDIAN);
        e.putInt(4, 16).putInt(8, 4); // esize 16, ecode 4 (AFNI)
        byte[] out = new byte[all.length + 28];
        System.arraycopy(all, 0, out, 0, 348);
        System.arraycopy(ext, 0, out, 348, 32);
        System.arraycopy(all, 352, out, 380, all.length - 352);
        ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        o.putFloat(108, 380f);
        assertThat(Nifti.readVolume(save(o, "e.nii")).data()).containsExactly(DATA);
    }

    @Test
    void headerImagePairReadsFromEitherPath() throws IOException {
        byte[] all = base(tmp).array();
        ByteBuffer h = ByteBuffer.wrap(Arrays.copyOf(all, 348)).order(ByteOrder.LITTLE_ENDIAN);
        h.put(344, (byte) 'n').put(345, (byte) 'i').put(346, (byte) '1');
        h.putFloat(108, 0f);
        Files.write(tmp.resolve("pair.hdr"), h.array());
        Files.write(tmp.resolve("pair.img"), Arrays.copyOfRange(all, 352, all.length));
        for (String name : new String[] {"pair.hdr", "pair.img"}) {
            NiftiImage img = Nifti.read(tmp.resolve(name));
            assertThat(img.volume().data()).containsExactly(DATA);
            assertThat(img.header().magic()).isEqualTo("ni1");
        }
        Files.delete(tmp.resolve("pair.img"));
        assertThatThrownBy(() -> Nifti.read(tmp.resolve("pair.hdr")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("pair.img");
    }

    @Test
    void pairMagicInASingleFileIsRefused() throws IOException {
        ByteBuffer b = base(tmp);
        b.put(345, (byte) 'i');
        Path f = save(b, "x.nii");
        assertThatThrownBy(() -> Nifti.read(f))
                .isInstanceOf(NiftiFormatException.class)
                .hasMessageContaining("pair");
    }

    /** The same image byte-swapped to big-endian, field by field (all fields of a fess-written header). */
    @Test
    void bigEndianCopyReadsTheSame() throws IOException {
        ByteBuffer le = base(tmp);
        ByteBuffer be = ByteBuffer.allocate(le.capacity()).order(ByteOrder.BIG_ENDIAN);
        be.put(le.array()); // chars and bytes stay
        int[] ints = {0, 140, 144};
        int[] shorts = {36, 40, 42, 44, 46, 48, 50, 52, 54, 68, 70, 72, 74, 120, 252, 254};
        for (int at : ints) {
            be.putInt(at, le.getInt(at));
        }
        for (int at : shorts) {
            be.putShort(at, le.getShort(at));
        }
        for (int at = 56; at < 68; at += 4) {
            be.putFloat(at, le.getFloat(at));
        }
        for (int at = 76; at < 120; at += 4) {
            be.putFloat(at, le.getFloat(at));
        }
        for (int at = 124; at < 140; at += 4) {
            be.putFloat(at, le.getFloat(at));
        }
        for (int at = 256; at < 328; at += 4) {
            be.putFloat(at, le.getFloat(at));
        }
        for (int at = 352; at < le.capacity(); at += 2) {
            be.putShort(at, le.getShort(at));
        }
        NiftiImage img = Nifti.read(save(be, "be.nii"));
        assertThat(img.header().byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(img.volume().data()).containsExactly(DATA);
        assertThat(img.volume().affine()).isEqualTo(Affine.identity());
    }

    @Test
    void gzipContentUnderPlainNameIsExplained() throws IOException {
        Path gz = tmp.resolve("a.nii.gz");
        Nifti.write(gz, new Volume(2, 2, 2, 1, new float[8], null), NiftiDatatype.UINT8);
        Path f = tmp.resolve("a.nii");
        Files.move(gz, f);
        assertThatThrownBy(() -> Nifti.read(f))
                .isInstanceOf(NiftiFormatException.class)
                .hasMessageContaining("gzip-compressed");
    }

    @Test
    void concatenatedGzipMembersAreRead() throws IOException {
        Path gz = tmp.resolve("m.nii.gz");
        Nifti.write(gz, new Volume(3, 2, 2, 1, DATA, null), NiftiDatatype.FLOAT32);
        byte[] plain;
        try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
            plain = in.readAllBytes();
        }
        var out = new ByteArrayOutputStream();
        for (int[] part : new int[][] {{0, 100}, {100, 360}, {360, plain.length}}) {
            var bo = new ByteArrayOutputStream();
            try (var z = new GZIPOutputStream(bo)) {
                z.write(plain, part[0], part[1] - part[0]);
            }
            out.write(bo.toByteArray());
        }
        Files.write(gz, out.toByteArray());
        assertThat(Nifti.readVolume(gz).data()).containsExactly(DATA);
        assertThat(Nifti.read(gz).statistics().sum()).isCloseTo(78, within(0.0));
    }

    @Test
    void corruptCrcIsRefused() throws IOException {
        Path gz = tmp.resolve("c.nii.gz");
        Nifti.write(gz, new Volume(3, 2, 2, 1, DATA, null), NiftiDatatype.FLOAT32);
        byte[] b = Files.readAllBytes(gz);
        b[b.length - 6] ^= 1;
        Files.write(gz, b);
        assertThatThrownBy(() -> Nifti.read(gz))
                .isInstanceOf(NiftiFormatException.class)
                .hasMessageContaining("CRC");
    }
}
