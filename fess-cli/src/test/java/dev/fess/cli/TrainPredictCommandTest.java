package dev.fess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainPredictCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        CommandLine cl = FessMain.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        return new Run(code, err.toString().trim());
    }

    @Test
    void missingDataDirectory() {
        Run r = run("train", "--data", tmp.resolve("nope").toString(), "--loss", "dice", "--out", tmp.resolve("run").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fess train: --data " + tmp.resolve("nope") + ": no such directory");
    }

    @Test
    void badConfigKey() throws Exception {
        Path yaml = tmp.resolve("run.yaml");
        Files.writeString(yaml, "loss: dice\nlr_rate: 0.1\n");
        Run r = run("train", "--config", yaml.toString(), "--data", tmp.toString(), "--out", tmp.resolve("run").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("fess train: run.yaml: unknown key 'lr_rate'").doesNotContain("\n");
    }

    @Test
    void badOptionValues() {
        Run r = run("train", "--data", tmp.toString(), "--loss", "focal", "--out", tmp.resolve("run").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fess train: --loss: key 'loss' expects one of dice|fess|simclr|infonce, got 'focal'");
        Run e = run("train", "--data", tmp.toString(), "--loss", "dice", "--epochs", "-3", "--out", tmp.resolve("r").toString());
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err()).contains("--epochs").contains("positive integer").doesNotContain("\n");
    }

    @Test
    void predictErrors() {
        Run r = run("predict", "--model", tmp.resolve("norun").toString(), "--input", tmp.toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("fess predict: --model").contains("not a training run");
        Run o = run("predict", "--model", tmp.toString(), "--input", tmp.toString(), "--out", tmp.resolve("o").toString(), "--overlap", "1.5");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("fess predict: --overlap expects a number in [0, 1), got 1.5");
    }
}
