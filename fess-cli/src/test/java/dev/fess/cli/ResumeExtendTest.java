package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fess train --resume RUN --epochs N} extends a run; nothing else that changes its past is accepted (issue 14).
 */
class ResumeExtendTest {
    @TempDir
    Path tmp;

    @Test
    void moreEpochsExtendTheRunAndKeepItsHistory() throws Exception {
        Path data = tmp.resolve("data");
        assertThat(run("synth", "brats", "--cases", "3", "--size", "16", "--out", data.toString())
                        .code())
                .isZero();
        Path runDir = tmp.resolve("run");
        CliRun first = run(
                "train",
                "--data",
                data.toString(),
                "--loss",
                "dice",
                "--channels",
                "flair",
                "--epochs",
                "2",
                "--iterations",
                "2",
                "--patch",
                "8",
                "--batch",
                "1",
                "--filters",
                "4,8",
                "--out",
                runDir.toString());
        assertThat(first.code()).as(first.err()).isZero();
        List<String> before = Files.readAllLines(runDir.resolve("metrics.csv"));

        CliRun extended = run("train", "--resume", runDir.toString(), "--epochs", "3");
        assertThat(extended.code()).as(extended.err()).isZero();
        List<String> after = Files.readAllLines(runDir.resolve("metrics.csv"));
        assertThat(after).hasSize(before.size() + 1).startsWith(before.toArray(String[]::new));
        assertThat(Files.readString(runDir.resolve("config.yaml"))).contains("epochs: 3");

        CliRun shorter = run("train", "--resume", runDir.toString(), "--epochs", "1");
        assertThat(shorter.code()).isEqualTo(2);
        assertThat(shorter.err().strip())
                .isEqualTo("fess train: --epochs 1: a resumed run can only be extended (it was"
                        + " configured for 3 epochs)");
        CliRun other = run("train", "--resume", runDir.toString(), "--lr", "0.5");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err().strip()).contains("--lr").doesNotContain("\n");
        assertThat(Files.readAllLines(runDir.resolve("metrics.csv"))).isEqualTo(after);
    }
}
