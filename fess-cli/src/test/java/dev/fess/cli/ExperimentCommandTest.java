package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.experiment.ExperimentSpec;
import dev.fess.experiment.ProgressListener;
import dev.fess.experiment.RunExecutor;
import dev.fess.experiment.RunResult;
import dev.fess.experiment.RunSpec;
import dev.fess.experiment.TrainingRunExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {
    @TempDir
    Path tmp;

    private Path spec(String extra) throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        Path s = tmp.resolve("spec.yaml");
        Files.writeString(s, """
                name: cli-test
                datasets: [{name: d, path: data, labels: brats-whole-tumour}]
                arms: [dice, fess]
                sizes: [5]
                seeds: [1, 2]
                """ + extra);
        return s;
    }

    /** TEST DOUBLE executor: writes a one-case evaluation.json with a made-up Dice; fails seed 2 of dice. */
    private static final ExperimentCommand.Executors TEST_DOUBLE = (spec, parallel, device) -> new TestDouble();

    static final class TestDouble implements RunExecutor {
        @Override
        public String name() {
            return "test-double";
        }

        @Override
        public RunResult execute(RunSpec run, Path dir, ProgressListener l) throws Exception {
            if (run.arm().key().equals("dice") && run.seed() == 2) {
                throw new IllegalStateException("simulated crash");
            }
            Files.writeString(
                    dir.resolve("evaluation.json"),
                    "{\"cases\":[{\"case\":\"c1\",\"class\":\"wt\"," + "\"dice\":" + (0.5 + 0.1 * run.seed()) + "}]}");
            return new RunResult(run.size(), Map.of());
        }
    }

    @Test
    void theTrainingExecutorIsTheDefault() throws Exception {
        ExperimentSpec spec = ExperimentSpec.read(spec(""));
        RunExecutor executor = ExperimentCommand.Executors.TRAINING.create(spec, 2, null);
        assertThat(executor).isInstanceOf(TrainingRunExecutor.class);
        assertThat(executor.name()).isEqualTo("djl-pytorch");
    }

    @Test
    void specErrorsAreOneLineWithExitCode2() throws Exception {
        CliRun r = run(
                "experiment",
                spec("armz: [x]\n").toString(),
                "--out",
                tmp.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("fess experiment: spec.yaml: unknown key 'armz' (expected one of:")
                .doesNotContain("\n");
    }

    @Test
    void runIsTheDefaultAndStatusAndReportWork() throws Exception {
        Path out = tmp.resolve("out");
        CliRun r = run(TEST_DOUBLE, "experiment", spec("").toString(), "--out", out.toString(), "--parallel", "2");
        assertThat(r.code()).as(r.err()).isEqualTo(1); // one run failed
        assertThat(r.out())
                .contains(
                        "4 runs, 0 already finished or failed, 4 to run with test-double",
                        "3 done, 1 failed",
                        "failed d/dice/n5/seed2: IllegalStateException: simulated crash");
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(out.resolve("experiment.yaml")).isRegularFile();

        CliRun st = run("experiment", "status", out.toString());
        assertThat(st.code()).isEqualTo(0);
        assertThat(st.out())
                .contains(
                        "d/dice/n5/seed2",
                        "failed",
                        "simulated crash",
                        "4 runs: 3 done, 0 running, 1 failed, 0 pending");

        Files.delete(out.resolve("report.html"));
        CliRun rep = run("experiment", "report", out.toString());
        assertThat(rep.code()).isEqualTo(0);
        assertThat(Files.readString(out.resolve("report.html")))
                .contains("fess experiment — cli-test", "simulated crash");

        // resume: nothing to run again except with --retry-failed
        CliRun again =
                run(TEST_DOUBLE, "experiment", "run", tmp.resolve("spec.yaml").toString(), "--out", out.toString());
        assertThat(again.out()).contains("4 runs, 4 already finished or failed, 0 to run");
    }
}
