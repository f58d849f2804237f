package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.io.AtomicFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --overwrite} replaces only folders fess wrote (they hold {@link AtomicFolder#MARKER}); a run never goes into
 * a user's non-empty folder (issue 14, point 2: {@code fess synth --out . --overwrite} wiped the working directory).
 */
class OverwriteGuardTest {
    @TempDir
    Path tmp;

    @Test
    void synthOverwriteRefusesAFolderFessDidNotWrite() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("thesis.tex"), "years of work");
        CliRun r = run("synth", "brats", "--cases", "2", "--size", "16", "--out", home.toString(), "--overwrite");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("fess synth: --out: " + home + " was not written by fess (no "
                        + AtomicFolder.MARKER
                        + " in it); --overwrite replaces only folders fess wrote: choose another folder"
                        + " or empty it");
        assertThat(Files.readString(home.resolve("thesis.tex"))).isEqualTo("years of work");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("home");
        }
    }

    @Test
    void synthOverwriteReplacesItsOwnFolder() throws Exception {
        Path data = tmp.resolve("data");
        assertThat(run("synth", "brats", "--cases", "2", "--size", "16", "--out", data.toString())
                        .code())
                .isZero();
        assertThat(AtomicFolder.isOwned(data)).isTrue();
        CliRun again = run("synth", "brats", "--cases", "3", "--size", "16", "--out", data.toString(), "--overwrite");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(AtomicFolder.isOwned(data)).isTrue();
    }

    @Test
    void trainRefusesANonEmptyFolderFessDidNotWrite() throws Exception {
        Path data = tmp.resolve("data");
        assertThat(run("synth", "brats", "--cases", "2", "--size", "16", "--out", data.toString())
                        .code())
                .isZero();
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("metrics.csv"), "my,own\n1,2\n");
        CliRun r = run(
                "train",
                "--data",
                data.toString(),
                "--loss",
                "dice",
                "--epochs",
                "1",
                "--iterations",
                "1",
                "--patch",
                "8",
                "--filters",
                "4,8",
                "--out",
                mine.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("fess train: --out " + mine + ": exists, is not empty and was not" + " written by fess (no "
                        + AtomicFolder.MARKER + "); a run needs a new or empty folder");
        assertThat(Files.readString(mine.resolve("metrics.csv"))).isEqualTo("my,own\n1,2\n");
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        CliRun f = run("train", "--data", data.toString(), "--loss", "dice", "--out", file.toString());
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.err().strip()).isEqualTo("fess train: --out " + file + ": exists and is not a folder");
    }
}
