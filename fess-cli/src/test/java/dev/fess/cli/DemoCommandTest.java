package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.experiment.ExperimentSpec;
import dev.fess.experiment.RunSpec;
import dev.fess.experiment.TrainingSize;
import dev.fess.loss.Arm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path tmp;

    private List<RunSpec> runs(DemoCommand.Plan p) {
        ExperimentSpec s = ExperimentSpec.parse(p.specYaml(), "experiment.yaml", tmp);
        return s.expand(d -> OptionalInt.of(12), w -> {});
    }

    @Test
    void theDemoIsDiceVersusFessOnFlairWholeTumourWithTwoSeeds() {
        DemoCommand.Plan p = DemoCommand.Plan.of(false, 7);
        List<RunSpec> runs = runs(p);
        assertThat(runs)
                .extracting(RunSpec::id)
                .containsExactly(
                        "brats-synth/fess/n12/seed7",
                        "brats-synth/dice/n12/seed7",
                        "brats-synth/fess/n12/seed8",
                        "brats-synth/dice/n12/seed8");
        RunSpec r = runs.get(0);
        assertThat(r.dataset().channels()).containsExactly("flair");
        assertThat(r.dataset().labels()).isEqualTo("brats-whole-tumour");
        assertThat(r.dataset().path()).isEqualTo(tmp.resolve("data"));
        assertThat(r.training())
                .containsEntry("epochs", 8)
                .containsEntry("patch", 32)
                .containsEntry("filters", List.of(8, 16, 32, 64));
        assertThat(p.cases()).isEqualTo(20);
        assertThat(p.size()).isEqualTo(48);
        // 20 cases: 6 test, 2 validation, 12 training
        assertThat(Math.round(p.testFraction() * p.cases())).isEqualTo(6);
        assertThat(Math.round(p.valFraction() * p.cases())).isEqualTo(2);
    }

    @Test
    void quickIsOneSeedOfBothArms() {
        List<RunSpec> runs = runs(DemoCommand.Plan.of(true, 3));
        assertThat(runs).extracting(RunSpec::arm).containsExactly(Arm.FESS, Arm.DICE);
        assertThat(runs).extracting(RunSpec::seed).containsOnly(3);
        assertThat(runs).extracting(RunSpec::size).doesNotContain(TrainingSize.ALL_CASES);
    }

    @Test
    void tinyEndToEndRunThenResumeThenRefusals() throws Exception {
        Path out = tmp.resolve("demo");
        String[] args = {
            "demo",
            "--out",
            out.toString(),
            "--cases",
            "6",
            "--size",
            "32",
            "--epochs",
            "1",
            "--iterations",
            "2",
            "--seeds",
            "1",
            "--filters",
            "4,8",
            "--parallel",
            "1"
        };
        CliRun r = run(args);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "2 runs, 0 already finished",
                        "2 done, 0 failed",
                        "report in",
                        "whole-tumour Dice on the 2 test cases",
                        "FESS ",
                        "Dice ",
                        "FLAIR threshold baseline",
                        "wall time");
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(out.resolve("data/synth.json")).isRegularFile();
        assertThat(out.resolve("brats-synth/dice/n3/seed7/evaluation.json")).isRegularFile();

        CliRun again = run(args);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("reusing the data", "2 runs, 2 already finished or failed, 0 to run");

        CliRun other = run("demo", "--out", out.toString(), "--cases", "7", "--size", "32");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err().strip())
                .isEqualTo("fess demo: --out " + out + ": holds a demo made with other "
                        + "options (--quick, --seed or test overrides differ); give another --out or delete it");

        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        CliRun refused = run("demo", "--out", foreign.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip())
                .isEqualTo("fess demo: --out " + foreign + ": the folder is not empty and "
                        + "holds no fess demo (demo.json); give another --out or empty it");
        assertThat(Files.readString(foreign.resolve("notes.txt"))).isEqualTo("mine");
    }
}
