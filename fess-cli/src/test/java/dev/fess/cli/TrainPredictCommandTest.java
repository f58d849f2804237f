package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainPredictCommandTest {
    @TempDir
    Path tmp;

    @Test
    void missingDataDirectory() {
        CliRun r = run(
                "train",
                "--data",
                tmp.resolve("nope").toString(),
                "--loss",
                "dice",
                "--out",
                tmp.resolve("run").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("fess train: data " + tmp.resolve("nope") + ": no such directory");
    }

    @Test
    void badConfigKey() throws Exception {
        Path yaml = tmp.resolve("run.yaml");
        Files.writeString(yaml, "loss: dice\nlr_rate: 0.1\n");
        CliRun r = run(
                "train",
                "--config",
                yaml.toString(),
                "--data",
                tmp.toString(),
                "--out",
                tmp.resolve("run").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("fess train: run.yaml: unknown key 'lr_rate'")
                .doesNotContain("\n");
    }

    @Test
    void badOptionValues() {
        CliRun r = run(
                "train",
                "--data",
                tmp.toString(),
                "--loss",
                "focal",
                "--out",
                tmp.resolve("run").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("fess train: --loss: key 'loss' expects one of dice|fess|simclr|infonce, got 'focal'");
        CliRun e = run(
                "train",
                "--data",
                tmp.toString(),
                "--loss",
                "dice",
                "--epochs",
                "-3",
                "--out",
                tmp.resolve("r").toString());
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err().strip())
                .contains("--epochs")
                .contains("positive integer")
                .doesNotContain("\n");
    }

    @Test
    void predictErrors() {
        CliRun r = run(
                "predict",
                "--model",
                tmp.resolve("norun").toString(),
                "--input",
                tmp.toString(),
                "--out",
                tmp.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("fess predict: --model").contains("not a training run");
        CliRun o = run(
                "predict",
                "--model",
                tmp.toString(),
                "--input",
                tmp.toString(),
                "--out",
                tmp.resolve("o").toString(),
                "--overlap",
                "1.5");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("fess predict: --overlap expects a number in [0, 1), got 1.5");
    }
}
