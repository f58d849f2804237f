package dev.fess.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.LabelMapping;
import dev.fess.loss.CompositeLoss;
import dev.fess.loss.DiceLoss;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import dev.fess.run.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A tiny network, a sphere-in-noise batch source and a soft-Dice loss for fast trainer tests. */
final class TinySetup {
    static final int P = 8;

    /** Two exclusive classes, background and sphere. */
    static final LabelMapping BINARY = new LabelMapping() {
        @Override
        public String name() {
            return "test-binary";
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public int classOf(int raw) {
            return raw;
        }

        @Override
        public int rawLabelOf(int c) {
            return c;
        }

        @Override
        public List<int[]> regions() {
            return List.of();
        }

        @Override
        public List<String> outputNames() {
            return List.of("background", "sphere");
        }
    };

    static TrainingConfig config(Path data, int epochs) {
        return TrainingConfig.builder()
                .set("data", data.toString(), "test")
                .set("loss", "dice", "test")
                .set("epochs", "" + epochs, "test")
                .set("iterations", "3", "test")
                .set("patch", "8", "test")
                .set("batch", "2", "test")
                .set("filters", "4,8", "test")
                .set("lr", "0.01", "test")
                .set("dropout", "0.1", "test")
                .set("layout", "msd", "test")
                .set("labels", "dataset", "test")
                .set("target_spacing", "1,1,1", "test")
                .set("seed", "7", "test")
                .build();
    }

    static SegmentationModel model(NDManager manager, TrainingConfig cfg) {
        Engine.getInstance().setRandomSeed((int) cfg.run().seed());
        UNet3d.Config unet = UNet3d.builder()
                .setInChannels(1)
                .setClasses(2)
                .optFilters(4, 8)
                .optDropout((float) cfg.model().dropout())
                .config();
        SegmentationModel m = SegmentationModel.of(new ModelSpec(unet, 8, 8));
        m.initialize(manager, DataType.FLOAT32);
        return m;
    }

    /** Sphere of class 1 at a random centre in noise; fully determined by (seed, epoch, iteration). */
    static BatchSource source(long seed) {
        return (epoch, iteration) -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + epoch * 1009L + iteration);
            int b = 2;
            float[] img = new float[b * P * P * P];
            byte[] cls = new byte[b * P * P * P];
            for (int s = 0; s < b; s++) {
                fill(r, img, cls, s * P * P * P, new int[] {P, P, P});
            }
            return new TrainingBatch(b, 1, new int[] {P, P, P}, img, cls, null, null, null);
        };
    }

    static void fill(SplittableRandom r, float[] img, byte[] cls, int off, int[] shape) {
        double cz = r.nextDouble(2, shape[0] - 2),
                cy = r.nextDouble(2, shape[1] - 2),
                cx = r.nextDouble(2, shape[2] - 2);
        double rad = r.nextDouble(1.5, 3);
        int i = off;
        for (int z = 0; z < shape[0]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[2]; x++) {
                    double d2 = (z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx);
                    boolean in = d2 <= rad * rad;
                    cls[i] = (byte) (in ? 1 : 0);
                    img[i] = (float) ((in ? 1.0 : 0.0) + 0.3 * r.nextGaussian());
                    i++;
                }
            }
        }
    }

    static List<ValidationCase> validation(long seed) {
        List<ValidationCase> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        for (int c = 0; c < 2; c++) {
            int[] shape = {10, 12, 9};
            float[] img = new float[10 * 12 * 9];
            byte[] cls = new byte[img.length];
            fill(r, img, cls, 0, shape);
            out.add(new ValidationCase("v" + c, 1, shape, img, cls));
        }
        return out;
    }

    /**
     * Trains {@code cfg} to its end (or a {@link StopAt}) in {@code run} (created): the tiny model, the sphere source
     * of the configuration's seed and the validation cases of seed 3.
     */
    static Trainer.Result train(
            Path run, TrainingConfig cfg, boolean resume, TrainingListener listener, CompositeLoss loss)
            throws IOException {
        Files.createDirectories(run);
        try (NDManager manager = NDManager.newBaseManager()) {
            Trainer t = new Trainer(
                    cfg,
                    run,
                    model(manager, cfg),
                    loss,
                    BINARY,
                    source(cfg.run().seed()),
                    validation(3),
                    listener,
                    manager);
            if (listener instanceof StopAt s) {
                s.trainer = t;
            }
            return t.run(resume);
        }
    }

    /** Requests a stop at (epoch, iteration) — at an epoch boundary when iteration is −1. */
    static final class StopAt implements TrainingListener {
        final int epoch;
        final int iteration;
        Trainer trainer;

        StopAt(int epoch, int iteration) {
            this.epoch = epoch;
            this.iteration = iteration;
        }

        @Override
        public void stepDone(int e, int i, double loss, double dice, double contrastive, double lr) {
            if (e == epoch && i == iteration) {
                trainer.requestStop();
            }
        }

        @Override
        public void epochFinished(EpochMetrics m, List<EpochMetrics> h) {
            if (iteration < 0 && m.epoch() == epoch) {
                trainer.requestStop();
            }
        }
    }

    /** Batch-global soft Dice on softmax foreground: 1 − (2Σpg + ε)/(Σp + Σg + ε), ε = 1e-5. */
    static CompositeLoss softDice() {
        return CompositeLoss.diceOnly(DiceLoss.builder()
                .optBatch(true)
                .optIncludeBackground(false)
                .optSmoothNr(1e-5f)
                .optSmoothDr(1e-5f)
                .build());
    }
}
