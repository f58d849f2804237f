package dev.fess.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.fess.config.TrainingConfig;
import dev.fess.loss.CompositeLoss;
import dev.fess.model.ModelCheckpoint;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.run.CheckpointStore;
import dev.fess.run.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;

    @Test
    void sameSeedGivesByteIdenticalMetrics() throws Exception {
        TrainingConfig cfg = TinySetup.config(tmp, 2);
        TinySetup.train(tmp.resolve("a"), cfg, false, null, TinySetup.softDice());
        TinySetup.train(tmp.resolve("b"), cfg, false, null, TinySetup.softDice());
        String a = Files.readString(tmp.resolve("a/metrics.csv"));
        assertThat(a.lines()).hasSize(3);
        assertThat(a).isEqualTo(Files.readString(tmp.resolve("b/metrics.csv")));
        assertThat(Files.readString(tmp.resolve("a/metrics.jsonl")))
                .isEqualTo(Files.readString(tmp.resolve("b/metrics.jsonl")));
        // a different seed gives different numbers (the check above is not vacuous)
        TrainingConfig other = cfg.toBuilder().set("seed", "8", "test").build();
        TinySetup.train(tmp.resolve("c"), other, false, null, TinySetup.softDice());
        assertThat(Files.readString(tmp.resolve("c/metrics.csv"))).isNotEqualTo(a);
    }

    @Test
    void resumeAtEpochBoundaryAndMidEpochEqualsStraightRun() throws Exception {
        TrainingConfig cfg = TinySetup.config(tmp, 4);
        Trainer.Result straight = TinySetup.train(tmp.resolve("straight"), cfg, false, null, TinySetup.softDice());
        assertThat(straight.outcome()).isEqualTo(Trainer.Outcome.FINISHED);
        String expected = Files.readString(tmp.resolve("straight/metrics.csv"));
        assertThat(expected.lines()).hasSize(5);

        Path run = tmp.resolve("boundary");
        Trainer.Result first = TinySetup.train(run, cfg, false, new TinySetup.StopAt(2, -1), TinySetup.softDice());
        assertThat(first.outcome()).isEqualTo(Trainer.Outcome.INTERRUPTED);
        assertThat(Files.readString(run.resolve("metrics.csv")).lines()).hasSize(3);
        TinySetup.train(run, cfg, true, null, TinySetup.softDice());
        assertThat(Files.readString(run.resolve("metrics.csv"))).isEqualTo(expected);

        Path mid = tmp.resolve("mid");
        TinySetup.train(mid, cfg, false, new TinySetup.StopAt(3, 0), TinySetup.softDice());
        TinySetup.train(mid, cfg, true, null, TinySetup.softDice());
        assertThat(Files.readString(mid.resolve("metrics.csv"))).isEqualTo(expected);
        assertThat(Files.readAllBytes(mid.resolve("checkpoints/last/model.params")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("straight/checkpoints/last/model.params")));
    }

    @Test
    void checkpointsLoadAsModelsAndBestFollowsValidationDice() throws Exception {
        TrainingConfig cfg = TinySetup.config(tmp, 2);
        Trainer.Result r = TinySetup.train(tmp.resolve("r"), cfg, false, null, TinySetup.softDice());
        assertThat(r.bestEpoch()).isBetween(1, 2);
        assertThat(r.history().get(r.bestEpoch() - 1).valDice()).isEqualTo(r.bestDice());
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(ModelCheckpoint.load(tmp.resolve("r/checkpoints/best"), m)
                            .getSpec()
                            .unet()
                            .filters())
                    .containsExactly(4, 8);
        }
        assertThat(Files.readString(tmp.resolve("r/metrics.csv"))
                        .lines()
                        .findFirst()
                        .orElseThrow())
                .isEqualTo("epoch,loss,dice_loss,contrastive_loss,lr,skipped,grad_norm,grad_norm_max,"
                        + "dice_grad_features,contrastive_grad_features,dice_grad_params,contrastive_grad_params,"
                        + "contrastive_cap_factor,"
                        + "val_dice,collapse,val_dice_sphere");
    }

    @Test
    void emaDecayValidatesAndDeliversTheAveragedWeightsWithoutChangingTraining() throws Exception {
        TrainingConfig plain = TinySetup.config(tmp, 4);
        TrainingConfig ema = plain.toBuilder().set("ema_decay", "0.9", "test").build();
        TinySetup.train(tmp.resolve("plain"), plain, false, null, TinySetup.softDice());
        Trainer.Result r = TinySetup.train(tmp.resolve("ema"), ema, false, null, TinySetup.softDice());
        Path last = tmp.resolve("ema/checkpoints/last");
        // the optimiser trains the same weights: the average only rides along
        assertThat(Files.readAllBytes(last.resolve(Trainer.TRAINED_PARAMS_FILE)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("plain/checkpoints/last/model.params")));
        assertThat(Files.readAllBytes(last.resolve("model.params")))
                .isNotEqualTo(Files.readAllBytes(last.resolve(Trainer.TRAINED_PARAMS_FILE)));
        assertThat(Files.exists(tmp.resolve("plain/checkpoints/last/" + Trainer.TRAINED_PARAMS_FILE)))
                .isFalse();
        // the last validation scored the model file of last, i.e. the averaged weights
        EpochMetrics lastEpoch = r.history().get(3);
        try (NDManager m = NDManager.newBaseManager()) {
            Validator v = new Validator(TinySetup.validation(3), TinySetup.BINARY, new int[] {8, 8, 8}, 0.5, 2);
            double[] perOutput = v.dicePerOutput(ModelCheckpoint.load(last, m), m);
            double mean = 0;
            for (double d : perOutput) {
                mean += d / perOutput.length;
            }
            assertThat(mean).isCloseTo(lastEpoch.valDice(), within(1e-9));
        }
        assertThat(Files.readString(tmp.resolve("ema/metrics.csv")))
                .isNotEqualTo(Files.readString(tmp.resolve("plain/metrics.csv")));
    }

    @Test
    void emaDecayResumesMidEpochToTheStraightRunsBytes() throws Exception {
        TrainingConfig cfg = TinySetup.config(tmp, 3).toBuilder()
                .set("ema_decay", "0.8", "test")
                .build();
        TinySetup.train(tmp.resolve("straight"), cfg, false, null, TinySetup.softDice());
        Path mid = tmp.resolve("mid");
        Trainer.Result first = TinySetup.train(mid, cfg, false, new TinySetup.StopAt(2, 1), TinySetup.softDice());
        assertThat(first.outcome()).isEqualTo(Trainer.Outcome.INTERRUPTED);
        TinySetup.train(mid, cfg, true, null, TinySetup.softDice());
        assertThat(Files.readString(mid.resolve("metrics.csv")))
                .isEqualTo(Files.readString(tmp.resolve("straight/metrics.csv")));
        for (String f : List.of("last/model.params", "last/" + Trainer.TRAINED_PARAMS_FILE, "best/model.params")) {
            assertThat(Files.readAllBytes(mid.resolve("checkpoints/" + f)))
                    .as(f)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("straight/checkpoints/" + f)));
        }
    }

    /** Soft Dice whose logits turn NaN at the {@code call}-th evaluation (through the composite's input hook). */
    private static CompositeLoss nanAt(int call) {
        CompositeLoss dice = TinySetup.softDice();
        return new CompositeLoss("nan-at-" + call, dice.getDice(), null, 1f, null, 0) {
            int calls;

            @Override
            protected Pair<NDList, NDList> inputForComponent(int component, NDList labels, NDList predictions) {
                if (++calls != call) {
                    return new Pair<>(labels, predictions);
                }
                NDList poisoned = new NDList(predictions.get(0).mul(Float.NaN));
                return new Pair<>(labels, poisoned);
            }
        };
    }

    @Test
    void nonFiniteLossStopsWithEpochAndIterationOrIsSkipped() throws Exception {
        TrainingConfig cfg = TinySetup.config(tmp, 2);
        assertThatThrownBy(() -> TinySetup.train(tmp.resolve("nan"), cfg, false, null, nanAt(5)))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageContaining("epoch 2, iteration 1");
        // the checkpoint of epoch 1 is intact
        assertThat(new CheckpointStore(tmp.resolve("nan/checkpoints")).resolve("last"))
                .isNotNull();
        TrainingConfig skip =
                cfg.toBuilder().set("skip_nonfinite", "true", "test").build();
        Trainer.Result r = TinySetup.train(tmp.resolve("skip"), skip, false, null, nanAt(5));
        assertThat(r.history().get(1).skipped()).isEqualTo(1);
        assertThat(r.history().get(1).loss()).isFinite();
    }

    /**
     * deep_supervision: the U-Net gets a head on decoder level 1, the step loss sums its down-weighted Dice with the
     * full-resolution one, and training moves that head's weights (it gets a gradient); without the key there is
     * no such head.
     */
    @Test
    void deepSupervisionTrainsTheDeepHead() throws Exception {
        TrainingConfig cfg = TinySetup.config(tmp, 2).toBuilder()
                .set("filters", "4,8,16", "test")
                .set("deep_supervision", "true", "test")
                .build();
        assertThat(cfg.model().deepOutputs()).isEqualTo(1);
        Path run = Files.createDirectories(tmp.resolve("ds"));
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            SegmentationModel model =
                    SegmentationModel.of(new ModelSpec(cfg.model().unet(1, 2), 8, 8));
            model.initialize(manager, DataType.FLOAT32);
            List<Parameter> deep = new ArrayList<>();
            model.getParameters().forEach(p -> {
                if (p.getKey().contains("ds1")) {
                    deep.add(p.getValue());
                }
            });
            assertThat(deep).isNotEmpty();
            List<float[]> before =
                    deep.stream().map(p -> p.getArray().toFloatArray()).toList();
            CompositeLoss loss = TrainingSession.loss(cfg, TinySetup.BINARY, null);
            Trainer t = new Trainer(
                    cfg,
                    run,
                    model,
                    loss,
                    TinySetup.BINARY,
                    TinySetup.source(7),
                    TinySetup.validation(3),
                    null,
                    manager);
            Trainer.Result r = t.run(false);
            assertThat(r).isNotNull();
            for (int i = 0; i < deep.size(); i++) {
                assertThat(deep.get(i).getArray().toFloatArray())
                        .as("deep head parameter " + i)
                        .isNotEqualTo(before.get(i));
            }
        }
        TrainingConfig plain = TinySetup.config(tmp, 2).toBuilder()
                .set("filters", "4,8,16", "test")
                .build();
        SegmentationModel without =
                SegmentationModel.of(new ModelSpec(plain.model().unet(1, 2), 8, 8));
        assertThat(without.getUNet().getChildren().keys()).noneMatch(k -> k.contains("ds"));
        assertThatThrownBy(() -> TinySetup.config(tmp, 2).toBuilder()
                        .set("deep_supervision", "true", "test")
                        .build())
                .hasMessageContaining("deep_supervision needs a U-Net of at least 3 levels");
    }
}
