package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file with a NaN affine is refused by {@code dataset check} (naming it and the reason) and by every later stage
 * with one line naming it, before the stage writes anything (issue 14, point 5).
 */
class UnusableAffineStagesTest {
    @TempDir
    Path tmp;

    private Path data;
    private Path bad;

    @BeforeEach
    void dataWithANanAffine() throws IOException {
        data = tmp.resolve("data");
        Path from = TinyRun.root().resolve("data");
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = data.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        bad = data.resolve("BraTS20_Training_002").resolve("BraTS20_Training_002_flair.nii.gz");
        byte[] raw;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(bad))) {
            raw = in.readAllBytes();
        }
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putFloat(280, Float.NaN); // srow_x[0]
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(raw);
        }
        Files.write(bad, gz.toByteArray());
    }

    private void assertOneLineNamingTheFile(CliRun r, String command) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("fess " + command + ": ")
                .contains(bad.toString())
                .contains("non-finite")
                .doesNotContain("\n");
    }

    @Test
    void datasetCheckNamesTheFileAndTheReason() {
        CliRun r = run("dataset", "check", data.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("BraTS20_Training_002_flair.nii.gz").contains("non-finite entry NaN");
        assertThat(r.out()).doesNotContain("NaN–NaN").doesNotContain("???");
    }

    @Test
    void trainRefusesBeforeWritingAnything() {
        Path out = tmp.resolve("run");
        CliRun r = run(
                "train",
                "--data",
                data.toString(),
                "--loss",
                "dice",
                "--channels",
                "flair",
                "--epochs",
                "1",
                "--iterations",
                "1",
                "--patch",
                "8",
                "--batch",
                "1",
                "--filters",
                "4,8",
                "--out",
                out.toString());
        assertOneLineNamingTheFile(r, "train");
        assertThat(out).doesNotExist();
    }

    @Test
    void planRefusesBeforeWritingAnything() {
        Path out = tmp.resolve("plan");
        CliRun r = run(
                "plan",
                "--data",
                data.toString(),
                "--loss",
                "dice",
                "--channels",
                "flair",
                "--patch",
                "8",
                "--filters",
                "4,8",
                "--out",
                out.toString());
        assertOneLineNamingTheFile(r, "plan");
        assertThat(out).doesNotExist();
    }

    @Test
    void predictNamesTheFile() {
        Path out = tmp.resolve("pred");
        CliRun r = run(
                "predict", "--model", TinyRun.runDir().toString(), "--input", bad.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad.toString()).contains("non-finite");
        assertThat(out.resolve("BraTS20_Training_002.nii.gz")).doesNotExist();
    }

    @Test
    void evaluateRefusesNamingTheFile() {
        Path label = data.resolve("BraTS20_Training_002").resolve("BraTS20_Training_002_seg.nii.gz");
        Path json = tmp.resolve("e.json");
        CliRun r = run("evaluate", "--pred", bad.toString(), "--label", label.toString(), "--json", json.toString());
        assertOneLineNamingTheFile(r, "evaluate");
        assertThat(json).doesNotExist();
    }
}
