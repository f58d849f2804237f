package dev.fess.metaimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fess.volume.Orientation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded fuzzing of ITK-written fixtures: header values replaced by hostile tokens, lines dropped or duplicated,
 * any byte flipped, files cut short, data files cut or corrupted. Every case must read or fail with
 * {@link MetaImageFormatException} (one line, naming a file), nothing else, and the whole seed must finish in
 * seconds (no hang).
 */
class MetaImageFuzzTest {
    private static final String[] BASES = {
        "short_oblique.mha",
        "float_flipped_compressed.mha",
        "vector3_float.mha",
        "dim4_short.mha",
        "slice2d_float.mha",
        "uchar_label.mhd",
        "ushort_compressed.mhd",
        "list.mhd",
        "pattern.mhd",
        "gzip_data.mhd",
        "headersize_minus1.mhd",
        "bigendian_double.mhd"
    };
    private static final String[] TOKENS = {
        "0",
        "-1",
        "1",
        "2",
        "3",
        "4",
        "5",
        "-5",
        "65536",
        "2147483647",
        "2147483648",
        "99999999999999999999",
        "1e308",
        "-1e308",
        "NaN",
        "Infinity",
        "abc",
        "",
        "1 2",
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
        "0 0 0",
        "100000 100000 100000",
        "LOCAL",
        "LIST",
        "LIST 1",
        "x%d.raw",
        "x%d.raw 0 3 0",
        "%s",
        "..",
        ".",
        "True",
        "False",
        "MET_OTHER",
        "MET_DOUBLE",
        "MET_UCHAR_ARRAY",
        "MET_ULONG_LONG",
        "1.5",
        "\u00ff\u0001"
    };
    private static final int CASES_PER_SEED = 200;

    @TempDir
    Path tmp;

    static IntStream seeds() {
        return IntStream.range(0, 6);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void onlyFormatErrorsOrSuccess(int seed) throws IOException {
        SplittableRandom r = new SplittableRandom(2000 + seed);
        Path src = MetaImageFixturesTest.dir();
        int ok = 0;
        int refused = 0;
        for (int c = 0; c < CASES_PER_SEED; c++) {
            String base = BASES[r.nextInt(BASES.length)];
            Path dir = Files.createDirectories(tmp.resolve("case" + c));
            Path f = dir.resolve(base);
            byte[] file = Files.readAllBytes(src.resolve(base));
            List<Path> data = copyDataFiles(src, dir, base);
            switch (r.nextInt(5)) {
                case 0, 1 -> Files.write(f, mutateHeader(file, r));
                case 2 -> Files.write(f, flipAnyByte(file, r));
                case 3 -> Files.write(f, Arrays.copyOf(file, r.nextInt(file.length + 1)));
                default -> {
                    Files.write(f, file);
                    if (!data.isEmpty()) {
                        Path d = data.get(r.nextInt(data.size()));
                        byte[] b = Files.readAllBytes(d);
                        Files.write(d, r.nextBoolean() ? Arrays.copyOf(b, r.nextInt(b.length + 1)) : flipAnyByte(b, r));
                    } else {
                        Files.write(f, flipAnyByte(file, r));
                    }
                }
            }
            try {
                MetaImageFile img = MetaImage.read(f);
                Orientation.axcodes(img.volume().affine());
                assertThat(img.volume().data().length)
                        .isEqualTo(img.statistics().count() + img.statistics().nanCount());
                ok++;
            } catch (MetaImageFormatException e) {
                assertThat(e.getMessage()).startsWith(dir.toString()).doesNotContain("\n");
                refused++;
            } catch (Throwable t) {
                fail("seed " + seed + " case " + c + " (" + base + "): " + t, t);
            }
        }
        assertThat(ok).isPositive();
        assertThat(refused).isPositive();
    }

    /** The data files a fixture's header names (the files in its folder sharing its stem or listed). */
    private static List<Path> copyDataFiles(Path src, Path dir, String base) {
        List<Path> out = new ArrayList<>();
        if (!base.endsWith(".mhd")) {
            return out;
        }
        String stem = base.substring(0, base.length() - 4);
        try (var files = Files.list(src)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (!n.endsWith(".mhd") && !n.endsWith(".mha") && n.startsWith(stem)) {
                    Path to = dir.resolve(n);
                    Files.copy(p, to);
                    out.add(to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Replaces the values of 1–3 header lines by hostile tokens, or drops / duplicates a line. */
    static byte[] mutateHeader(byte[] file, SplittableRandom r) {
        int end = indexOf(file, "ElementDataFile".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            return flipAnyByte(file, r);
        }
        while (end < file.length && file[end] != '\n') {
            end++;
        }
        end = Math.min(file.length, end + 1);
        String header = new String(file, 0, end, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(Arrays.asList(header.split("\n", -1)));
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(Math.max(1, lines.size() - 1));
            String line = lines.get(at);
            int eq = line.indexOf('=');
            switch (r.nextInt(6)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                default -> {
                    if (eq > 0) {
                        lines.set(at, line.substring(0, eq + 1) + " " + TOKENS[r.nextInt(TOKENS.length)]);
                    }
                }
            }
        }
        byte[] head = String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(head, head.length + file.length - end);
        System.arraycopy(file, end, out, head.length, file.length - end);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] flipAnyByte(byte[] file, SplittableRandom r) {
        byte[] b = file.clone();
        if (b.length > 0) {
            b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
        return b;
    }
}
