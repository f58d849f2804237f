package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesADataset() {
        Path out = tmp.resolve("ds");
        CliRun r = run("synth", "abdomen-ct", "--cases", "2", "--size", "24", "--seed", "3", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 2 abdomen-ct cases", "24×24×24", "layout abdomenct");
        assertThat(out.resolve("images/Case_00002_0000.nii.gz")).exists();
        assertThat(out.resolve("masks/Case_00002.nii.gz")).exists();
        Path msd = tmp.resolve("msd");
        CliRun m = run(
                "synth",
                "brats",
                "--cases",
                "1",
                "--test-cases",
                "1",
                "--size",
                "16",
                "--layout",
                "msd",
                "--anisotropic",
                "--orientation",
                "LPS",
                "--out",
                msd.toString());
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(m.out()).contains("16×16×8", "LPS", "+ 1 unlabelled");
        assertThat(Files.exists(msd.resolve("imagesTs/BraTS20_Training_002_0003.nii.gz")))
                .isTrue();
    }

    @Test
    void badOptionsExitWithCodeTwoAndOneLine() {
        String out = tmp.resolve("x").toString();
        CliRun zero = run("synth", "brats", "--cases", "0", "--out", out);
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err().strip()).isEqualTo("fess synth: --cases: expected 1 … 100000, got 0");
        CliRun kind = run("synth", "knee", "--out", out);
        assertThat(kind.code()).isEqualTo(2);
        assertThat(kind.err()).startsWith("fess synth: unknown phantom kind 'knee'");
        CliRun layout = run("synth", "brats", "--layout", "abdomenct", "--out", out);
        assertThat(layout.code()).isEqualTo(2);
        assertThat(layout.err()).contains("--layout");
        CliRun orient = run("synth", "brats", "--orientation", "XYZ", "--out", out);
        assertThat(orient.code()).isEqualTo(2);
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }
}
