package dev.fess.realdata;

import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Small stand-ins for the Debian source files, built in the test: a 1 mm "head" with an ellipsoid "brain", an AAL
 * volume with four regions, an INIA19 pair and an InVesalius project (gzip tar with main.plist and matrix.dat).
 */
final class SyntheticSources {
    static final int NX = 24;
    static final int NY = 28;
    static final int NZ = 20;
    /** ch2's own sform: 1 mm, origin (−90, −125, −71). */
    static final Affine CH2_AFFINE = Affine.of(1, 0, 0, -90, 0, 1, 0, -125, 0, 0, 1, -71, 0, 0, 0, 1);
    /** AAL voxel values written, with their AAL codes: Precentral_L, Postcentral_L, Hippocampus_L, Cerebelum. */
    static final int[][] AAL_REGIONS = {{1, 2001}, {57, 6001}, {37, 4101}, {91, 9001}};

    private SyntheticSources() {}

    static boolean inBrain(int i, int j, int k) {
        double x = (i - 11.5) / 8;
        double y = (j - 13.5) / 10;
        double z = (k - 9.5) / 7;
        return x * x + y * y + z * z < 1;
    }

    static boolean inHead(int i, int j, int k) {
        double x = (i - 11.5) / 11;
        double y = (j - 13.5) / 13;
        double z = (k - 9.5) / 9.5;
        return x * x + y * y + z * z < 1;
    }

    /** ch2-like T1: brain 100 + (i + j + k) % 7, scalp 40, air 0. */
    static float t1(int i, int j, int k) {
        return inBrain(i, j, k) ? 100 + (i + j + k) % 7 : inHead(i, j, k) ? 40 : 0;
    }

    /** AAL value: the region of the brain octant-like quarter the voxel is in. */
    static int aal(int i, int j, int k) {
        if (!inBrain(i, j, k)) {
            return 0;
        }
        return AAL_REGIONS[(i < NX / 2 ? 0 : 1) + (k < NZ / 2 ? 0 : 2)][0];
    }

    static Path mricron(Path dir) throws IOException {
        Files.createDirectories(dir);
        Volume t1 = Volume.zeros(NX, NY, NZ, 1, CH2_AFFINE);
        Volume bet = Volume.zeros(NX, NY, NZ, 1, CH2_AFFINE);
        Volume aal = Volume.zeros(NX, NY, NZ, 1, CH2_AFFINE);
        Volume inia = Volume.zeros(NX, NY, NZ, 1, Affine.scaling(0.5, 0.5, 0.5));
        Volume maps = Volume.zeros(NX, NY, NZ, 1, Affine.scaling(0.5, 0.5, 0.5));
        for (int k = 0; k < NZ; k++) {
            for (int j = 0; j < NY; j++) {
                for (int i = 0; i < NX; i++) {
                    float v = t1(i, j, k);
                    t1.set(i, j, k, 0, v);
                    bet.set(i, j, k, 0, inBrain(i, j, k) ? v : 0);
                    aal.set(i, j, k, 0, aal(i, j, k));
                    inia.set(i, j, k, 0, inBrain(i, j, k) ? v * 0.5f : 0);
                    maps.set(i, j, k, 0, inBrain(i, j, k) ? (i < NX / 2 ? 5 : 1005) : 0);
                }
            }
        }
        Nifti.write(dir.resolve("ch2.nii.gz"), t1, NiftiDatatype.UINT8);
        Nifti.write(dir.resolve("ch2bet.nii.gz"), bet, NiftiDatatype.UINT8);
        Nifti.write(dir.resolve("aal.nii.gz"), aal, NiftiDatatype.UINT8);
        StringBuilder txt = new StringBuilder();
        String[] names = {"Precentral_L", "Postcentral_L", "Hippocampus_L", "Cerebelum_Crus1_L"};
        for (int r = 0; r < AAL_REGIONS.length; r++) {
            txt.append(AAL_REGIONS[r][0])
                    .append(' ')
                    .append(names[r])
                    .append(' ')
                    .append(AAL_REGIONS[r][1])
                    .append('\n');
        }
        Files.writeString(dir.resolve("aal.nii.txt"), txt.toString());
        Nifti.write(dir.resolve("inia19-t1-brain.nii.gz"), inia, NiftiDatatype.FLOAT32);
        Nifti.write(dir.resolve("inia19-NeuroMaps.nii.gz"), maps, NiftiDatatype.INT16);
        return dir;
    }

    /** CT values cycled through, including both sides of the bone window 226 … 3071 HU. */
    private static final short[] HU = {-1024, -500, 0, 225, 226, 227, 1000, 3070, 3071, 3072, -1, 2986, 400};

    /** The CT value of a voxel: {@code HU[(i + 2j + 3k) mod 13]}. */
    static short hu(int i, int j, int k) {
        return HU[(i + 2 * j + 3 * k) % HU.length];
    }

    /** An InVesalius project of shape (z, y, x) = (nz, ny, nx), spacing (x, y, z), int16 little-endian. */
    static Path inv3(Path file, int nx, int ny, int nz, double[] spacing, String modality) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(nx * ny * nz * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    b.putShort(hu(i, j, k));
                }
            }
        }
        String plist = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple Computer//DTD PLIST 1.0//EN" \
                "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                	<key>matrix</key>
                	<dict>
                		<key>dtype</key>
                		<string>int16</string>
                		<key>filename</key>
                		<string>matrix.dat</string>
                		<key>shape</key>
                		<array><integer>%d</integer><integer>%d</integer><integer>%d</integer></array>
                	</dict>
                	<key>modality</key>
                	<string>%s</string>
                	<key>name</key>
                	<string>synthetic</string>
                	<key>spacing</key>
                	<array><real>%s</real><real>%s</real><real>%s</real></array>
                	<key>visible</key>
                	<true/>
                </dict>
                </plist>
                """.formatted(nz, ny, nx, modality, spacing[0], spacing[1], spacing[2]);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tarEntry(tar, "tmpabc/main.plist", plist.getBytes(StandardCharsets.UTF_8));
        tarEntry(tar, "tmpabc/mask_0.plist", "<plist/>".getBytes(StandardCharsets.UTF_8));
        tarEntry(tar, "tmpabc/matrix.dat", b.array());
        tar.write(new byte[1024]);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            tar.writeTo(out);
        }
        return file;
    }

    private static void tarEntry(ByteArrayOutputStream tar, String name, byte[] content) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", content.length));
        put(h, 136, String.format("%011o", 0));
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte x : h) {
            sum += x & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        tar.write(h);
        tar.write(content);
        tar.write(new byte[(512 - content.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
