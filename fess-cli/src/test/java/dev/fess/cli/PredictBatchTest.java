package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad case does not stop a {@code fess predict} batch (issue 14, point 9). */
class PredictBatchTest {
    @TempDir
    Path tmp;

    @Test
    void aCorruptCaseIsRecordedAndTheOthersArePredicted() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(TinyRun.flair(1), in.resolve("a_0000.nii.gz"));
        byte[] whole = Files.readAllBytes(TinyRun.flair(2));
        Files.write(in.resolve("b_0000.nii.gz"), Arrays.copyOf(whole, whole.length / 2));
        Files.copy(TinyRun.flair(3), in.resolve("c_0000.nii.gz"));
        Path out = tmp.resolve("pred");

        CliRun r = run(
                "predict", "--model", TinyRun.runDir().toString(), "--input", in.toString(), "--out", out.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(out.resolve("a.nii.gz")).isRegularFile();
        assertThat(out.resolve("c.nii.gz")).isRegularFile();
        assertThat(out.resolve("b.nii.gz")).doesNotExist();
        assertThat(r.err())
                .contains("fess predict: case b: " + in.resolve("b_0000.nii.gz") + ": gzip stream is cut short")
                .contains("fess predict: 1 of 3 cases failed: b");
        assertThat(r.out()).contains("wrote 2 masks to " + out);
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.nii.gz", "c.nii.gz");
        }
    }

    @Test
    void aCaseWhoseMaskCannotBeWrittenLeavesNoProbabilities() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(TinyRun.flair(1), in.resolve("a_0000.nii.gz"));
        Files.copy(TinyRun.flair(2), in.resolve("b_0000.nii.gz"));
        Path out = Files.createDirectories(tmp.resolve("pred"));
        // a non-empty folder where b's mask goes: the rename onto it fails after the probabilities are computed
        Files.writeString(Files.createDirectories(out.resolve("b.nii.gz")).resolve("keep"), "x");

        CliRun r = run(
                "predict",
                "--model",
                TinyRun.runDir().toString(),
                "--input",
                in.toString(),
                "--out",
                out.toString(),
                "--probabilities",
                "--overwrite");

        assertThat(r.code()).isNotZero();
        assertThat(out.resolve("a.nii.gz")).isRegularFile();
        assertThat(out.resolve("a_probabilities.nii.gz")).isRegularFile();
        assertThat(out.resolve("b_probabilities.nii.gz")).doesNotExist();
        assertThat(r.err()).contains("case b: ").contains("1 of 2 cases failed: b");
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("a.nii.gz", "a_probabilities.nii.gz", "b.nii.gz");
        }
    }
}
