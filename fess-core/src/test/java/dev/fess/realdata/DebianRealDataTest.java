package dev.fess.realdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.dataset.CheckReport;
import dev.fess.dataset.DatasetChecker;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The installer on the real Debian files (tag {@code slow}: needs {@code apt-get install mricron-data
 * invesalius-examples}; run with {@code mvn -B verify -Pslow}). Reference counts were computed independently with
 * numpy from the same files (label rules of docs/real-data.md); the Cranium bone count is that of the project's own
 * mask 0 ({@code mask_0.dat}, values 255), which numpy found identical voxel for voxel to 226 ≤ HU ≤ 3071.
 */
@Tag("slow")
class DebianRealDataTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void sourcesAreInstalled() {
        RealSources s = RealSources.debian();
        for (RealTask t : RealTask.values()) {
            assertThat(s.missing(t))
                    .as(
                            "Debian package %s must be installed: sudo apt-get install -y %s",
                            t.debianPackage(), t.debianPackage())
                    .isEmpty();
        }
    }

    private static long[] classCounts(Volume label, int classes) {
        long[] n = new long[classes];
        for (float v : label.data()) {
            n[(int) v]++;
        }
        return n;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ch2-brain          | 5371944, 1737193",
                "ch2-aal            | 5629168, 435706, 246947, 212593, 210346, 125899, 53647, 194831",
                "inia19-hemispheres | 3628436, 400320, 401068",
                "cranium-bone       | 6602129, 475759"
            })
    void subjectLabelsAtSourceResolutionMatchNumpyCounts(String name, String counts) throws IOException {
        RealTask task = RealTask.parse(name);
        Subject s = SubjectLoader.load(task, RealSources.debian());
        long[] expected = Stream.of(counts.split(","))
                .mapToLong(c -> Long.parseLong(c.strip()))
                .toArray();
        assertThat(classCounts(s.label(), task.classes())).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "ch2-brain, 91, 109, 91, 8",
        "ch2-aal, 91, 109, 91, 8",
        "inia19-hemispheres, 84, 103, 64, 4",
        "cranium-bone, 122, 122, 81, 8"
    })
    void everyTaskInstallsWithItsDefaultsAndPassesTheDatasetCheck(String name, int nx, int ny, int nz, int cases)
            throws IOException {
        RealTask task = RealTask.parse(name);
        Path out = tmp.resolve(name);
        RealDatasetWriter.Result r = RealDatasetWriter.builder(task)
                .heldOut(1)
                .build()
                .write(SubjectLoader.load(task, RealSources.debian()), out);
        assertThat(r.shape()).containsExactly(nx, ny, nz);
        assertThat(r.trainingIds().size() + r.testIds().size()).isEqualTo(cases);
        CheckReport report = DatasetChecker.check(out, null, n -> {});
        assertThat(report.problems()).isEmpty();
        assertThat(report.trainingCases()).isEqualTo(cases - 1);
        assertThat(report.testCases()).isEqualTo(1);
    }

    @Test
    void inia19ClassOneIsTheLeftHemisphereAndClassTwoTheRight() throws IOException {
        Volume l = SubjectLoader.load(RealTask.INIA19_HEMISPHERES, RealSources.debian())
                .label();
        double[] sumX = new double[3];
        long[] n = new long[3];
        for (int k = 0; k < l.nz(); k++) {
            for (int j = 0; j < l.ny(); j++) {
                for (int i = 0; i < l.nx(); i++) {
                    int c = (int) l.get(i, j, k);
                    sumX[c] += l.affine().apply(i, j, k)[0];
                    n[c]++;
                }
            }
        }
        assertThat(sumX[1] / n[1]).as("mean world x (RAS) of class 1").isLessThan(-5);
        assertThat(sumX[2] / n[2]).as("mean world x (RAS) of class 2").isGreaterThan(5);
    }

    @Test
    void twoInstallsOfTheRealDataAreByteIdentical() throws IOException {
        for (String d : List.of("a", "b")) {
            RealDatasetWriter.builder(RealTask.CH2_AAL)
                    .heldOut(2)
                    .seed(4)
                    .build()
                    .write(SubjectLoader.load(RealTask.CH2_AAL, RealSources.debian()), tmp.resolve(d));
        }
        List<Path> files;
        try (Stream<Path> w = Files.walk(tmp.resolve("a"))) {
            files = w.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).hasSize(2 * 8 + 2);
        for (Path f : files) {
            Path g = tmp.resolve("b").resolve(tmp.resolve("a").relativize(f));
            assertThat(Files.readAllBytes(g)).as(f.toString()).isEqualTo(Files.readAllBytes(f));
        }
    }
}
