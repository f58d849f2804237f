package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.config.TrainingConfig;
import dev.fess.loss.Arm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fess plan} writes a resolved, editable plan; {@code fess train --plan} trains from it and its cache. */
class PlanCommandTest {
    @TempDir
    Path tmp;

    private static List<Path> cacheKeys(Path cache) throws Exception {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void planThenTrainFromTheEditedPlan() throws Exception {
        Path data = tmp.resolve("data");
        assertThat(run("synth", "brats", "--cases", "4", "--size", "32", "--seed", "3", "--out", data.toString())
                        .code())
                .isZero();
        Path plan = tmp.resolve("plans/p");
        CliRun planned = run(
                "plan",
                "--data",
                data.toString(),
                "--labels",
                "brats-whole-tumour",
                "--channels",
                "flair",
                "--filters",
                "4,8",
                "--folds",
                "2",
                "--out",
                plan.toString());
        assertThat(planned.code()).as(planned.err()).isZero();
        assertThat(planned.out()).contains("planned 2 training and 2 validation cases", "--loss ARM");
        for (String f : List.of("config.yaml", "plan.json", "splits.json", "labels.json")) {
            assertThat(plan.resolve(f)).isRegularFile();
        }
        assertThat(plan.resolve("checkpoints")).doesNotExist();
        TrainingConfig resolved =
                TrainingConfig.read(plan.resolve("config.yaml")).buildForPlanning();
        assertThat(resolved.data().patch()).hasSize(3);
        assertThat(resolved.data().batch()).isPositive();
        assertThat(resolved.data().targetSpacing()).hasSize(3);
        assertThat(resolved.loss().arm()).isNull();
        Path cache = tmp.resolve("plans/.fess-cache");
        List<Path> keys = cacheKeys(cache);
        assertThat(keys).hasSize(1);

        // the plan is editable: a smaller patch and batch, one epoch; the arm comes from the command line
        String yaml = Files.readString(plan.resolve("config.yaml"))
                .replaceAll("(?m)^batch: .*$", "batch: 1")
                .replaceAll("(?m)^epochs: .*$", "epochs: 1")
                .replaceAll("(?m)^iterations: .*$", "iterations: 2");
        yaml = yaml.replaceAll("(?ms)^patch:\\n(- \\d+\\n){3}", "patch: [16, 16, 16]\n");
        Files.writeString(plan.resolve("config.yaml"), yaml);
        Path runDir = tmp.resolve("runs/r");
        CliRun trained = run("train", "--plan", plan.toString(), "--loss", "dice", "--out", runDir.toString());
        assertThat(trained.code()).as(trained.err()).isZero();
        TrainingConfig used = TrainingConfig.read(runDir.resolve("config.yaml")).build();
        assertThat(used.data().patch()).containsExactly(16, 16, 16);
        assertThat(used.data().batch()).isEqualTo(1);
        assertThat(used.loss().arm()).isEqualTo(Arm.DICE);
        assertThat(used.data().targetSpacing()).isEqualTo(resolved.data().targetSpacing());
        assertThat(Files.readString(runDir.resolve("splits.json")))
                .isEqualTo(Files.readString(plan.resolve("splits.json")));
        assertThat(Files.readString(runDir.resolve("plan.json")))
                .isEqualTo(Files.readString(plan.resolve("plan.json")));
        assertThat(cacheKeys(cache)).isEqualTo(keys); // the plan's preprocessed cases were reused
        assertThat(runDir.resolve("checkpoints")).isDirectory();
    }

    @Test
    void refusalsLeaveNothingBehind() throws Exception {
        Path taken = tmp.resolve("taken");
        Files.createDirectories(taken);
        Files.writeString(taken.resolve("mine.txt"), "x");
        CliRun r = run("plan", "--data", tmp.toString(), "--out", taken.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("fess plan: --out: " + taken + " exists and is not empty (--overwrite replaces it)");
        CliRun missing = run(
                "plan",
                "--data",
                tmp.resolve("nope").toString(),
                "--out",
                tmp.resolve("p").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("fess plan: data " + tmp.resolve("nope") + ": no such directory");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("taken");
        }
        CliRun both = run(
                "train",
                "--plan",
                taken.toString(),
                "--config",
                taken.resolve("c.yaml").toString(),
                "--out",
                tmp.resolve("r").toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--plan and --config");
        CliRun notAPlan = run(
                "train", "--plan", taken.toString(), "--out", tmp.resolve("r").toString());
        assertThat(notAPlan.err().strip())
                .isEqualTo("fess train: --plan " + taken + ": not a plan of fess plan (no"
                        + " config.yaml and plan.json)");
    }

    @Test
    void aKeyGivenTwiceInAPlanOrAConfigurationIsRefusedWithItsLine() throws Exception {
        Path plan = tmp.resolve("plan");
        Files.createDirectories(plan);
        Files.writeString(plan.resolve("config.yaml"), "data: /d\nepochs: 1\nlr: 0.1\nepochs: 2\n");
        Files.writeString(plan.resolve("plan.json"), "{}");
        CliRun fromPlan = run(
                "train", "--plan", plan.toString(), "--out", tmp.resolve("r").toString());
        assertThat(fromPlan.code()).isEqualTo(2);
        assertThat(fromPlan.err().strip()).isEqualTo("fess train: config.yaml: line 4: key 'epochs' is given twice");
        CliRun fromConfig = run(
                "train",
                "--config",
                plan.resolve("config.yaml").toString(),
                "--out",
                tmp.resolve("r").toString());
        assertThat(fromConfig.code()).isEqualTo(2);
        assertThat(fromConfig.err().strip()).isEqualTo("fess train: config.yaml: line 4: key 'epochs' is given twice");
        assertThat(tmp.resolve("r")).doesNotExist();
    }
}
