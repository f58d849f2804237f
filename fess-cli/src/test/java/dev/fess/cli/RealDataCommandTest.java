package dev.fess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RealDataCommandTest {
    @TempDir
    Path tmp;

    /** A 1 mm 20³ "head" (value 40) with a 12³ "brain" (value 100) as ch2.nii.gz and its ch2bet.nii.gz. */
    private Path templates() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("templates"));
        Affine a = Affine.of(1, 0, 0, -10, 0, 1, 0, -10, 0, 0, 1, -10, 0, 0, 0, 1);
        Volume t1 = Volume.zeros(20, 20, 20, 1, a);
        Volume bet = Volume.zeros(20, 20, 20, 1, a);
        for (int k = 0; k < 20; k++) {
            for (int j = 0; j < 20; j++) {
                for (int i = 0; i < 20; i++) {
                    boolean brain = i >= 4 && i < 16 && j >= 4 && j < 16 && k >= 4 && k < 16;
                    t1.set(i, j, k, 0, brain ? 100 : 40);
                    bet.set(i, j, k, 0, brain ? 100 : 0);
                }
            }
        }
        Nifti.write(dir.resolve("ch2.nii.gz"), t1, NiftiDatatype.UINT8);
        Nifti.write(dir.resolve("ch2bet.nii.gz"), bet, NiftiDatatype.UINT8);
        return dir;
    }

    @Test
    void installWritesAnMsdDatasetThatDatasetCheckAccepts() throws IOException {
        Path out = tmp.resolve("real");
        CliRun r = CliRun.run(
                "realdata",
                "install",
                "--out",
                out.toString(),
                "--task",
                "ch2-brain",
                "--mricron",
                templates().toString(),
                "--spacing",
                "1",
                "--grid",
                "2x1x1",
                "--held-out",
                "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote ch2-brain: 1 training + 1 held-out case (grid 2x1x1 of a 20×20×20 volume");
        assertThat(out.resolve("ch2-brain/dataset.json")).isRegularFile();
        assertThat(out.resolve("ch2-brain/realdata.json")).isRegularFile();
        CliRun check = CliRun.run("dataset", "check", out.resolve("ch2-brain").toString());
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("no problems found");
        CliRun again = CliRun.run(
                "realdata",
                "install",
                "--out",
                out.toString(),
                "--task",
                "ch2-brain",
                "--mricron",
                templates().toString(),
                "--spacing",
                "1",
                "--grid",
                "2x1x1");
        assertThat(again.code()).isEqualTo(FessMain.EXIT_USAGE);
        assertThat(again.err()).contains("--out:").contains("not empty");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--task|brain-mri|--task: unknown task 'brain-mri'",
                "--grid|2x2|--grid: expected three counts like 2x2x2",
                "--spacing|0|--spacing: expected 0.25 … 8 mm",
                "--held-out|8|--held-out: 8 of 8 pieces"
            })
    void badOptionsGiveOneLineAndExitTwo(String option, String value, String message) throws IOException {
        CliRun r = CliRun.run(
                "realdata",
                "install",
                "--out",
                tmp.resolve("o").toString(),
                "--task",
                "ch2-brain",
                "--mricron",
                templates().toString(),
                option,
                value);
        assertThat(r.code()).isEqualTo(FessMain.EXIT_USAGE);
        assertThat(r.err().strip()).contains(message).doesNotContain("\n").doesNotContain("Exception");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void missingSourcesNameTheFileAndTheOptionsOrTheAptCommand() {
        CliRun r = CliRun.run(
                "realdata",
                "install",
                "--out",
                tmp.resolve("o").toString(),
                "--task",
                "ch2-aal",
                "--mricron",
                tmp.resolve("nowhere").toString(),
                "--no-apt");
        assertThat(r.code()).isEqualTo(FessMain.EXIT_USAGE);
        assertThat(r.err())
                .contains("missing " + tmp.resolve("nowhere").resolve("ch2.nii.gz") + " and 2 more files")
                .contains("--mricron");
        assertThat(RealDataInstallCommand.missingMessage(
                        List.of(Path.of("/usr/share/mricron/templates/ch2.nii.gz")),
                        List.of("mricron-data", "invesalius-examples"),
                        true))
                .isEqualTo("missing /usr/share/mricron/templates/ch2.nii.gz; install with: "
                        + "sudo apt-get install -y mricron-data invesalius-examples");
    }

    @Test
    void listNamesEveryTaskWithItsPackage() {
        CliRun r = CliRun.run("realdata", "list");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("ch2-brain")
                .contains("ch2-aal")
                .contains("inia19-hemispheres")
                .contains("cranium-bone")
                .contains("invesalius-examples");
    }
}
