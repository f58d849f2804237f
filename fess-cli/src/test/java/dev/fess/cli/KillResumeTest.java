package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} of a training process at a random moment, then {@code fess train --resume}: the run ends with the
 * {@code metrics.csv} and {@code model.params} of an uninterrupted run, for every arm (issue 14). The moment is
 * drawn after the first checkpoint exists (before it there is nothing to resume) and printed on failure.
 */
class KillResumeTest {
    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void data() {
        data = tmp.resolve("data");
        CliRun s = run("synth", "brats", "--cases", "4", "--size", "16", "--seed", "5", "--out", data.toString());
        assertThat(s.code()).as(s.err()).isZero();
    }

    static List<String> trainArgs(String arm, Path out) {
        return List.of(
                "train",
                "--data",
                data.toString(),
                "--loss",
                arm,
                "--channels",
                "flair",
                "--epochs",
                "6",
                "--iterations",
                "4",
                "--patch",
                "8",
                "--batch",
                "1",
                "--filters",
                "4,8",
                "--seed",
                "13",
                "--out",
                out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dice", "fess", "simclr", "infonce"})
    void killedAtARandomMomentResumesToTheUninterruptedResult(String arm) throws Exception {
        Path straight = tmp.resolve(arm + "-straight");
        CliRun ref = run(trainArgs(arm, straight).toArray(String[]::new));
        assertThat(ref.code()).as(ref.err()).isZero();

        long seed = System.nanoTime();
        long delayMillis = new SplittableRandom(seed).nextLong(0, 1500);
        Path killed = tmp.resolve(arm + "-killed");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx1g",
                FessMain.class.getName()));
        cmd.addAll(trainArgs(arm, killed));
        Process child = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve(arm + "-child.log").toFile())
                .start();
        Path firstCheckpoint = killed.resolve("checkpoints/last/COMPLETE");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(firstCheckpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(delayMillis);
        boolean alive = child.isAlive();
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String moment = arm + ": " + (alive ? "killed" : "finished before the kill,") + " " + delayMillis
                + " ms after the first checkpoint (seed " + seed + ")";

        CliRun resumed = run("train", "--resume", killed.toString());
        assertThat(resumed.code()).as(moment + ": " + resumed.err()).isZero();
        assertThat(Files.readString(killed.resolve("metrics.csv")))
                .as(moment)
                .isEqualTo(Files.readString(straight.resolve("metrics.csv")));
        assertThat(Files.readAllBytes(killed.resolve("checkpoints/last/model.params")))
                .as(moment)
                .isEqualTo(Files.readAllBytes(straight.resolve("checkpoints/last/model.params")));
    }
}
