package dev.fess.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A two-run experiment (dice, fess; one seed) on a synthetic cohort, and how to compare two experiment folders. */
final class Experiments {
    static final List<String> RUNS = List.of("d/dice/n4/seed1", "d/fess/n4/seed1");

    private Experiments() {}

    static Path spec(Path dir, Path data) {
        try {
            Files.createDirectories(dir);
            Path spec = dir.resolve("spec.yaml");
            Files.writeString(spec, """
                    name: spark-test
                    datasets:
                      - {name: d, path: %s, labels: brats-whole-tumour, channels: [flair],
                         test_fraction: 0.2, val_fraction: 0.2}
                    arms: [dice, fess]
                    sizes: [all]
                    seeds: [1]
                    training: {epochs: 1, iterations: 2, patch: [16, 16, 16], batch: 1, filters: [4, 8], threads: 1,
                               device: cpu, samples_per_class: 16}
                    """.formatted(data.toAbsolutePath()));
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both folders hold the same finished runs with identical evaluations and identical masks. */
    static void assertSameResults(Path expected, Path actual) throws IOException {
        for (String run : RUNS) {
            Path e = expected.resolve(run);
            Path a = actual.resolve(run);
            assertThat(Files.readString(a.resolve("run.json"))).contains("\"status\" : \"done\"");
            assertThat(Files.readString(a.resolve("evaluation.json")))
                    .as(run)
                    .isEqualTo(Files.readString(e.resolve("evaluation.json")));
            assertThat(Cohort.masks(a.resolve("predictions")))
                    .as(run)
                    .hasSameSizeAs(Cohort.masks(e.resolve("predictions")));
            Cohort.masks(e.resolve("predictions"))
                    .forEach((name, bytes) -> assertThat(
                                    Cohort.masks(a.resolve("predictions")).get(name))
                            .as(run + " " + name)
                            .isEqualTo(bytes));
        }
        assertThat(Files.readString(actual.resolve("report.md")))
                .contains("dice")
                .contains("fess");
    }
}
