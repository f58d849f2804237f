package dev.fess.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fess.volume.Orientation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded fuzzing: header bytes mutated (in the plain and in the decompressed stream), compressed bytes mutated,
 * files cut at random lengths. Every case must read or fail with {@link NiftiFormatException}; nothing else.
 */
class NiftiFuzzTest {
    private static final String[] BASES = {
        "int8.nii",
        "bigendian_int16.nii",
        "mask_uint8.nii.gz",
        "nifti2_float32.nii.gz",
        "float64_sform_ext.nii.gz",
        "uint16.nii.gz",
        "brats_labels_int32.nii.gz"
    };
    private static final int CASES_PER_SEED = 250;

    @TempDir
    Path tmp;

    static IntStream seeds() {
        return IntStream.range(0, 8);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void onlyFormatErrorsOrSuccess(int seed) throws IOException {
        SplittableRandom r = new SplittableRandom(1000 + seed);
        Path dir = NiftiFixturesTest.dir();
        int ok = 0, refused = 0;
        for (int c = 0; c < CASES_PER_SEED; c++) {
            String base = BASES[r.nextInt(BASES.length)];
            byte[] file = bytes(dir.resolve(base));
            boolean gz = base.endsWith(".gz");
            byte[] mutated = switch (r.nextInt(4)) {
                case 0 -> mutateHeader(file, gz, r);
                case 1 -> truncate(file, r);
                case 2 -> flipAnyByte(file, r);
                default -> truncate(mutateHeader(file, gz, r), r);
            };
            Path f = tmp.resolve("case" + (gz ? ".nii.gz" : ".nii"));
            Files.write(f, mutated);
            try {
                NiftiImage img = Nifti.read(f);
                Orientation.axcodes(img.volume().affine());
                assertThat(img.volume().data().length)
                        .isEqualTo(img.statistics().count() + img.statistics().nanCount());
                ok++;
            } catch (NiftiFormatException e) {
                assertThat(e.getMessage()).startsWith(f + ": ").doesNotContain("\n");
                refused++;
            } catch (Throwable t) {
                fail("seed " + seed + " case " + c + " (" + base + "): " + t, t);
            }
        }
        assertThat(ok).isPositive();
        assertThat(refused).isPositive();
    }

    private static final Map<Path, byte[]> FILES = new ConcurrentHashMap<>();
    private static final Map<String, byte[][]> SPLIT = new ConcurrentHashMap<>();
    private static final int HEAD = 544;

    private static byte[] bytes(Path p) {
        return FILES.computeIfAbsent(p, q -> {
            try {
                return Files.readAllBytes(q);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Overwrites 1–6 random header bytes. For gzip files the first 544 decompressed bytes are mutated and
     * compressed as one gzip member, followed by the rest as a second (precomputed) member.
     */
    static byte[] mutateHeader(byte[] file, boolean gz, SplittableRandom r) throws IOException {
        if (!gz) {
            return mutatePlain(file.clone(), r);
        }
        byte[][] parts = SPLIT.computeIfAbsent(Arrays.toString(Arrays.copyOf(file, 64)) + file.length, k -> {
            try {
                byte[] plain = gunzip(file);
                int h = Math.min(HEAD, plain.length);
                return new byte[][] {Arrays.copyOf(plain, h), gzip(Arrays.copyOfRange(plain, h, plain.length))};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byte[] head = gzip(mutatePlain(parts[0].clone(), r));
        byte[] out = Arrays.copyOf(head, head.length + parts[1].length);
        System.arraycopy(parts[1], 0, out, head.length, parts[1].length);
        return out;
    }

    private static byte[] mutatePlain(byte[] plain, SplittableRandom r) {
        int hdr = Math.min(plain.length, HEAD);
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(10) < 6 ? interestingOffset(r) : r.nextInt(hdr);
            if (at < plain.length) {
                plain[at] = (byte) (r.nextBoolean() ? r.nextInt(256) : new int[] {0, 0xff, 0x7f, 0x80}[r.nextInt(4)]);
            }
        }
        return plain;
    }

    /** sizeof_hdr, dims, datatype, bitpix, pixdim, vox_offset, slope/inter, codes, quaternion, srow, magic. */
    private static int interestingOffset(SplittableRandom r) {
        int[][] ranges = {
            {0, 4},
            {40, 56},
            {70, 74},
            {76, 112},
            {108, 120},
            {252, 256},
            {256, 328},
            {344, 348},
            {4, 12},
            {12, 16},
            {16, 80},
            {168, 176}
        };
        int[] g = ranges[r.nextInt(ranges.length)];
        return g[0] + r.nextInt(g[1] - g[0]);
    }

    static byte[] truncate(byte[] file, SplittableRandom r) {
        int len = r.nextBoolean() ? r.nextInt(Math.min(file.length, 700) + 1) : r.nextInt(file.length + 1);
        return Arrays.copyOf(file, len);
    }

    static byte[] flipAnyByte(byte[] file, SplittableRandom r) {
        byte[] b = file.clone();
        if (b.length > 0) {
            b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
        return b;
    }

    static byte[] gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
