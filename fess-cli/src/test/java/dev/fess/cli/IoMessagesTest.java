package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fess.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input/output failures name the file and the reason in one line (issue 14, point 11). */
class IoMessagesTest {
    @TempDir
    Path tmp;

    /** The tests run as root here, so chmod cannot deny a read: the exception the JDK throws is passed instead. */
    @Test
    void permissionDeniedNamesTheFileAndTheReason() {
        Path f = tmp.resolve("a.nii.gz");
        assertThat(FessMain.userReason(new AccessDeniedException(f.toString()))).isEqualTo(f + ": permission denied");
    }

    @Test
    void aDiskFullWriteNamesTheFileAndLeavesTheOldContent() throws IOException {
        Path f = tmp.resolve("out.csv");
        Files.writeString(f, "old");
        // the failure a full disk gives at the writer's seam, the channel write
        assertThatThrownBy(() -> AtomicFiles.write(f, ch -> {
                    throw new IOException("No space left on device");
                }))
                .satisfies(e -> assertThat(FessMain.userReason(e))
                        .isEqualTo(f.toAbsolutePath() + ": cannot write: No space left on device"));
        assertThat(Files.readString(f)).isEqualTo("old");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("out.csv");
        }
    }

    @Test
    void predictOutThatIsAFile() throws IOException {
        Path out = Files.writeString(tmp.resolve("pred"), "a file");
        CliRun r = run(
                "predict",
                "--model",
                TinyRun.runDir().toString(),
                "--input",
                TinyRun.flair(1).toString(),
                "--out",
                out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("fess predict: --out " + out + ": is a file, expected a folder");
        assertThat(Files.readString(out)).isEqualTo("a file");
    }

    @Test
    void infoOnAFifoIsRefusedAtOnce() throws Exception {
        Path fifo = tmp.resolve("x.nii.gz");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor()).isZero();
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("info", fifo.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .contains(fifo.toString())
                .contains("not a regular file")
                .doesNotContain("\n");
    }

    /** Links out of the dataset folder are followed, as nnU-Net does, and {@code dataset check} says so. */
    @Test
    void datasetCheckSaysWhichFilesAreLinksOutOfTheFolder() throws IOException {
        Path data = tmp.resolve("data");
        Path from = TinyRun.root().resolve("data");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = data.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere")).resolve("flair.nii.gz");
        Path link = data.resolve("BraTS20_Training_003").resolve("BraTS20_Training_003_flair.nii.gz");
        Files.move(link, elsewhere);
        Files.createSymbolicLink(link, elsewhere);
        CliRun r = run("dataset", "check", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("note: 1 file is a link to outside the dataset folder (followed): "
                        + "BraTS20_Training_003/BraTS20_Training_003_flair.nii.gz → " + elsewhere);
    }
}
