package dev.fess.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingConfigTest {
    @TempDir
    Path tmp;

    @Test
    void yamlWithOverridesRoundTripsThroughConfigYaml() throws Exception {
        Path yaml = tmp.resolve("run.yaml");
        Files.writeString(yaml, "data: /d\nloss: fess\nepochs: 3\nfilters: [8, 16, 32]\npatch: [32, 48, 64]\n"
                + "lr: 0.0003\nweight_decay: 3.0e-5\ntarget_spacing: [1.0, 1.0, 2.5]\nskip_nonfinite: true\n");
        TrainingConfig c = TrainingConfig.read(yaml).set("lr", "0.002", "--lr").set("batch", "4", "--batch").build();
        assertThat(c.epochs()).isEqualTo(3);
        assertThat(c.filters()).containsExactly(8, 16, 32);
        assertThat(c.patch()).containsExactly(32, 48, 64);
        assertThat(c.lr()).isEqualTo(0.002);
        assertThat(c.weightDecay()).isEqualTo(3.0e-5);
        assertThat(c.skipNonfinite()).isTrue();
        Path out = tmp.resolve("config.yaml");
        c.write(out);
        TrainingConfig back = TrainingConfig.read(out).build();
        assertThat(back).isEqualTo(c);
        assertThat(back.toMap()).isEqualTo(c.toMap());
    }

    @Test
    void unknownKeyIsRefusedByName() throws Exception {
        Path yaml = tmp.resolve("run.yaml");
        Files.writeString(yaml, "data: /d\nlr_rate: 0.1\n");
        assertThatThrownBy(() -> TrainingConfig.read(yaml)).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("run.yaml: unknown key 'lr_rate'").hasMessageContaining("did you mean 'lr'");
    }

    @Test
    void invalidValuesNameTheKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> TrainingConfig.builder().set("epochs", "many", "--epochs"))
                .hasMessage("--epochs: key 'epochs' expects a positive integer, got 'many'");
        assertThatThrownBy(() -> TrainingConfig.builder().set("optimizer", "rmsprop", "--optimizer"))
                .hasMessageContaining("one of adam|adamw|sgd");
        assertThatThrownBy(() -> TrainingConfig.builder().set("patch", "32,32", "--patch"))
                .hasMessageContaining("D,H,W");
        assertThatThrownBy(() -> TrainingConfig.builder().set("lambda", "1.5", "--lambda"))
                .hasMessageContaining("[0.0, 1.0]");
        assertThatThrownBy(() -> TrainingConfig.builder().set("data", "/d", "x").build())
                .hasMessageContaining("no loss");
    }

    @Test
    void autoConfigurationFitsThePatchToTheBudget() {
        var filters = java.util.List.of(16, 32, 64, 128);
        int[] p = AutoConfiguration.patch(new int[] {140, 170, 140}, filters, 100_000);
        assertThat(p).containsExactly(128, 128, 128);
        int[] small = AutoConfiguration.patch(new int[] {140, 170, 140}, filters, 512);
        double bytes = 2 * AutoConfiguration.bytesPerVoxel(filters) * small[0] * small[1] * small[2];
        assertThat(bytes).isLessThanOrEqualTo(512.0 * 1024 * 1024);
        for (int s : small) {
            assertThat(s % 8).isZero();
        }
        assertThat(AutoConfiguration.patch(new int[] {20, 30, 13}, filters, 2048)).containsExactly(16, 24, 8);
        assertThat(AutoConfiguration.batch(new int[] {16, 24, 8}, new int[] {16, 24, 8}, filters, 2048)).isEqualTo(8);
        assertThat(AutoConfiguration.batch(small, new int[] {140, 170, 140}, filters, 512)).isEqualTo(2);
    }
}
