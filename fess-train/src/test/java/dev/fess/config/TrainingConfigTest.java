package dev.fess.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.dataset.Layout;
import dev.fess.loss.Arm;
import dev.fess.loss.ContrastiveForm;
import dev.fess.train.AutoConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingConfigTest {
    @TempDir
    Path tmp;

    @Test
    void yamlWithOverridesRoundTripsThroughConfigYaml() throws Exception {
        Path yaml = tmp.resolve("run.yaml");
        Files.writeString(
                yaml,
                "data: /d\nloss: fess\nepochs: 3\nfilters: [8, 16, 32]\npatch: [32, 48, 64]\n"
                        + "lr: 0.0003\nweight_decay: 3.0e-5\ntarget_spacing: [1.0, 1.0, 2.5]\nskip_nonfinite: true\n");
        TrainingConfig c = TrainingConfig.read(yaml)
                .set("lr", "0.002", "--lr")
                .set("batch", "4", "--batch")
                .build();
        assertThat(c.optimisation().epochs()).isEqualTo(3);
        assertThat(c.model().filters()).containsExactly(8, 16, 32);
        assertThat(c.data().patch()).containsExactly(32, 48, 64);
        assertThat(c.optimisation().lr()).isEqualTo(0.002);
        assertThat(c.optimisation().weightDecay()).isEqualTo(3.0e-5);
        assertThat(c.run().skipNonfinite()).isTrue();
        Path out = tmp.resolve("config.yaml");
        c.write(out);
        TrainingConfig back = TrainingConfig.read(out).build();
        assertThat(back).isEqualTo(c);
        assertThat(back.toMap()).isEqualTo(c.toMap());
    }

    @Test
    void contrastiveArmsDefaultToTheBoundedFormAndThePaperFormIsSelectableByName() throws Exception {
        Path yaml = tmp.resolve("defaults.yaml");
        Files.writeString(yaml, "data: /d\nloss: fess\n");
        LossConfig defaults = TrainingConfig.read(yaml).build().loss();
        assertThat(defaults.contrastiveForm()).isEqualTo(ContrastiveForm.BOUNDED);
        assertThat(defaults.featureGradScale()).isEqualTo(0.1);
        Files.writeString(yaml, "data: /d\nloss: simclr\ncontrastive_form: paper\nfeature_grad_scale: 1\n");
        LossConfig paper = TrainingConfig.read(yaml).build().loss();
        assertThat(paper.contrastiveForm()).isEqualTo(ContrastiveForm.PAPER);
        assertThat(paper.featureGradScale()).isEqualTo(1.0);
    }

    @Test
    void unknownKeyIsRefusedByName() throws Exception {
        Path yaml = tmp.resolve("run.yaml");
        Files.writeString(yaml, "data: /d\nlr_rate: 0.1\n");
        assertThatThrownBy(() -> TrainingConfig.read(yaml))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("run.yaml: unknown key 'lr_rate'")
                .hasMessageContaining("did you mean 'lr'");
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
    void filtersBeyondTheCheckpointBoundsAreRefusedBeforeTraining() {
        assertThatThrownBy(() -> TrainingConfig.builder()
                        .set("data", "/d", "x")
                        .set("loss", "dice", "--loss")
                        .set("filters", "16,100000", "--filters")
                        .build())
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("filters [16, 100000] exceed the model's bounds")
                .hasMessageContaining("4096");
    }

    @Test
    void autoConfigurationFitsThePatchToTheBudget() {
        var filters = List.of(16, 32, 64, 128);
        int[] p = AutoConfiguration.patch(new int[] {140, 170, 140}, filters, 100_000);
        assertThat(p).containsExactly(128, 128, 128);
        int[] small = AutoConfiguration.patch(new int[] {140, 170, 140}, filters, 512);
        double bytes = 2 * AutoConfiguration.bytesPerVoxel(filters) * small[0] * small[1] * small[2];
        assertThat(bytes).isLessThanOrEqualTo(512.0 * 1024 * 1024);
        for (int s : small) {
            assertThat(s % 8).isZero();
        }
        assertThat(AutoConfiguration.patch(new int[] {20, 30, 13}, filters, 2048))
                .containsExactly(16, 24, 8);
        assertThat(AutoConfiguration.batch(new int[] {16, 24, 8}, new int[] {16, 24, 8}, filters, 2048))
                .isEqualTo(8);
        assertThat(AutoConfiguration.batch(small, new int[] {140, 170, 140}, filters, 512))
                .isEqualTo(2);
    }

    @Test
    void duplicateYamlKeysAreRefusedWithTheFileAndKey() throws Exception {
        Path yaml = tmp.resolve("run.yaml");
        Files.writeString(yaml, "data: /d\nlr: 0.1\nepochs: 3\nlr: 0.2\n");
        assertThatThrownBy(() -> TrainingConfig.read(yaml))
                .isInstanceOf(UserInputException.class)
                .hasMessage("run.yaml: line 4: key 'lr' is given twice")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void everyKeyIsBoundToOneComponentAndRoundTripsWithNonDefaultValues() throws Exception {
        TrainingConfig defaults = TrainingConfig.builder()
                .set("data", "/d", "t")
                .set("loss", "dice", "t")
                .build();
        for (ConfigKey<?> k : ConfigKeys.all()) {
            assertThat(k.help()).as(k.name()).isNotBlank().endsWith(".");
            assertThat(k.name()).matches("[a-z]+(_[a-z]+)*");
            if (k.presence() == ConfigKey.Presence.DEFAULT) {
                assertThat((Object) defaults.get(k)).as(k.name()).isEqualTo(k.defaultValue());
            }
        }
        Path yaml = tmp.resolve("all.yaml");
        Files.writeString(yaml, """
                data: /data/x
                layout: abdomenct
                channels: [t1, flair]
                labels: abdomen-organs
                patch: [16, 32, 48]
                batch: 3
                target_spacing: [0.8, 0.8, 2.0]
                memory_budget_mb: 512
                augment: false
                folds: 4
                fold: 3
                train_cases: 7
                split_file: /s/splits.json
                cache_dir: /c
                filters: [8, 16, 32, 64, 128]
                norm: group
                dropout: 0.25
                embedding_dim: 32
                preset: none
                epochs: 7
                iterations: 11
                optimizer: adamw
                lr: 0.0002
                weight_decay: 0.01
                momentum: 0.9
                schedule: cosine
                warmup: 5
                clip_norm: 0
                ema_decay: 0.9
                loss: simclr
                lambda: 0.25
                tau: 0.1
                samples_per_class: 64
                contrastive_form: paper
                lambda_warmup: 20
                feature_grad_scale: 0.25
                contrastive_grad_cap: 2.5
                seed: 123456789012
                val_every: 2
                val_overlap: 0.25
                threads: 3
                early_stop: 4
                skip_nonfinite: yes
                device: gpu:1
                activation: relu
                down: strided_conv
                up: trilinear
                norm_groups: 4
                deep_supervision: true
                feature_level: 1
                hard_fraction: 0.5
                batch_dice: true
                squared_dice: true
                dice_smooth: 1.0
                class_weights: [1, 2.5]
                """);
        TrainingConfig c = TrainingConfig.read(yaml).build();
        for (ConfigKey<?> k : ConfigKeys.all()) {
            if (k != ConfigKeys.PRESET) {
                assertThat((Object) c.get(k)).as(k.name()).isNotEqualTo(k.defaultValue());
            }
        }
        assertThat(c.data().layout()).isEqualTo(Layout.ABDOMENCT);
        assertThat(c.loss().arm()).isEqualTo(Arm.SIMCLR);
        assertThat(c.run().seed()).isEqualTo(123456789012L);
        assertThat(c.run().deviceChoice()).hasToString("gpu:1");
        Path out = tmp.resolve("config.yaml");
        c.write(out);
        assertThat(TrainingConfig.read(out).build()).isEqualTo(c);
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(Files.readString(out)).contains("optimizer: \"adamw\"").contains("- 16");
    }

    @Test
    void typedValuesFromAutoConfigurationNeedNoText() {
        TrainingConfig.Builder b =
                TrainingConfig.builder().set("data", "/d", "t").set("loss", "fess", "t");
        b.set(ConfigKeys.PATCH, List.of(16, 24, 8), "auto").set(ConfigKeys.BATCH, 4, "auto");
        TrainingConfig c = b.build();
        assertThat(c.data().patchSize()).containsExactly(16, 24, 8);
        assertThat(c.data().batch()).isEqualTo(4);
        assertThatThrownBy(() -> TrainingConfig.builder()
                        .set(ConfigKeys.PATCH, List.of(12, 16, 16), "auto")
                        .set("data", "/d", "t")
                        .set("loss", "dice", "t")
                        .build())
                .isInstanceOf(UserInputException.class)
                .hasMessage("auto: patch [12, 16, 16]: every size must be a multiple of 8 for a U-Net of 4 levels");
    }

    @Test
    void relationsBetweenKeysNameWhereTheValueCameFrom() {
        assertThatThrownBy(() -> TrainingConfig.builder()
                        .set("data", "/d", "t")
                        .set("loss", "dice", "t")
                        .set("fold", "5", "run.yaml")
                        .build())
                .hasMessage("run.yaml: fold 5 does not exist with folds = 5 (expected 0..4)");
        assertThatThrownBy(() -> TrainingConfig.builder()
                        .set("data", "/d", "t")
                        .set("loss", "dice", "t")
                        .set("epochs", "1", "t")
                        .set("iterations", "4", "t")
                        .set("warmup", "4", "--warmup")
                        .build())
                .hasMessage("--warmup: warmup 4 must be shorter than the 4 optimiser steps of the run");
    }
}
