package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.config.ConfigKey;
import dev.fess.config.ConfigKeys;
import dev.fess.config.TrainingConfig;
import dev.fess.loss.Arm;
import dev.fess.model.UNet3d;
import dev.fess.optim.LearningRateSchedule;
import dev.fess.optim.OptimizerKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The options of {@code fess train} are generated from the key table: one per key, described, typed on parse. */
class ConfigOptionsTest {

    private static CommandLine train() {
        return FessMain.commandLine().getSubcommands().get("train");
    }

    private static ParseResult parseTrain(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        return FessMain.commandLine().parseArgs(all).subcommand();
    }

    @Test
    void everyKeyHasItsKebabCaseFlagWithHelp() {
        CliRun help = run("train", "--help");
        assertThat(help.code()).isZero();
        for (ConfigKey<?> k : ConfigKeys.all()) {
            OptionSpec o = train().getCommandSpec().findOption(k.flag());
            assertThat(o).as(k.flag()).isNotNull();
            assertThat(k.flag()).isEqualTo("--" + k.name().replace('_', '-'));
            assertThat(String.join(" ", o.description()))
                    .isEqualTo(k.description())
                    .isNotBlank();
            assertThat(help.out()).contains(k.flag());
        }
        assertThat(ConfigKeys.WEIGHT_DECAY.description())
                .isEqualTo("Weight decay: L2 for adam and sgd, decoupled for adamw. Expects a number ≥ 0;"
                        + " default 0.0.");
        assertThat(ConfigKeys.PATCH.description()).endsWith("; auto when not given.");
        assertThat(ConfigKeys.DATA.description()).endsWith("Expects a path; required.");
        assertThat(ConfigKeys.all()).hasSize(TrainingConfig.keys().size()).hasSizeGreaterThanOrEqualTo(38);
    }

    @Test
    void flagsSetTypedValuesAndBooleansWorkAsSwitches() {
        ParseResult parsed = parseTrain(
                "--data",
                "/d",
                "--loss",
                "infonce",
                "--weight-decay",
                "3e-5",
                "--norm",
                "group",
                "--optimizer",
                "sgd",
                "--schedule",
                "cosine",
                "--patch",
                "16",
                "--skip-nonfinite",
                "--augment=false",
                "--target-spacing",
                "1,1,2.5",
                "--seed",
                "9",
                "--out",
                "/r");
        TrainingConfig.Builder b = TrainingConfig.builder();
        ConfigOptions.apply(parsed, b, k -> true, "refused");
        TrainingConfig c = b.build();
        assertThat(c.data().folder()).isEqualTo(Path.of("/d"));
        assertThat(c.loss().arm()).isEqualTo(Arm.INFONCE);
        assertThat(c.optimisation().weightDecay()).isEqualTo(3e-5);
        assertThat(c.model().norm()).isEqualTo(UNet3d.Norm.GROUP);
        assertThat(c.optimisation().optimizer()).isEqualTo(OptimizerKind.SGD);
        assertThat(c.optimisation().schedule()).isEqualTo(LearningRateSchedule.Kind.COSINE);
        assertThat(c.data().patch()).containsExactly(16, 16, 16);
        assertThat(c.run().skipNonfinite()).isTrue();
        assertThat(c.data().augment()).isFalse();
        assertThat(c.data().targetSpacing()).containsExactly(1.0, 1.0, 2.5);
        assertThat(c.run().seed()).isEqualTo(9L);
        // untouched keys keep their defaults
        assertThat(c.optimisation().epochs()).isEqualTo(ConfigKeys.EPOCHS.defaultValue());
        assertThat(c.model().filters()).isEqualTo(List.of(16, 32, 64, 128));
    }

    @Test
    void aResumedRunRefusesEveryFlagButEpochs() {
        CliRun r = run("train", "--resume", "/nonexistent-run", "--lr", "0.1");
        assertThat(r.code()).isEqualTo(2);
        ParseResult parsed = parseTrain("--lr", "0.1", "--epochs", "3");
        TrainingConfig.Builder b = TrainingConfig.builder();
        assertThatThrownBy(() -> ConfigOptions.apply(
                        parsed,
                        b,
                        k -> k == ConfigKeys.EPOCHS,
                        "a resumed run keeps its configuration (only --epochs may change)"))
                .hasMessage("--lr: a resumed run keeps its configuration (only --epochs may change)");
    }
}
