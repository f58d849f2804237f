import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.fess.augment.AugmentationConfig;
import dev.fess.augment.Augmenter;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.LabelMapping;
import dev.fess.loss.CompositeLoss;
import dev.fess.loss.DiceLoss;
import dev.fess.loss.FessLoss;
import dev.fess.loss.LossParts;
import dev.fess.loss.SupervisedContrastiveLoss;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import dev.fess.preprocess.CachedCase;
import dev.fess.sampling.Batch;
import dev.fess.sampling.BatchGenerator;
import dev.fess.sampling.BatchLoader;
import dev.fess.sampling.PatchSampler;
import dev.fess.train.BatchSource;
import dev.fess.train.StepLoss;
import dev.fess.train.Trainer;
import dev.fess.train.TrainingBatch;
import dev.fess.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Time of one fess training step, measured on the real training loop ({@link Trainer}): U-Net 16-32-64-128
 * (instance norm, LeakyReLU, voxel-shuffle up-sampling) + projection heads, 4 input channels, 4 classes, patch 64³,
 * batch 2, FESS loss (λ = 0.5, τ = 0.5, K = 256 per class) or Dice only, Adam (lr 1e-3), global-norm clipping 1.0,
 * 2 PyTorch intra-op threads. Batches are synthetic (nested spheres, 4 classes present) and generated before timing.
 *
 * <p>A step is the time between two consecutive {@code stepDone} callbacks (batch, forward, loss, backward,
 * clipping, Adam, zeroing the gradients). The first {@code warmup} steps are dropped. Prints
 * {@code RESULT {json}} with the median, all step times and the peak resident memory (VmHWM) after the last step.
 *
 * <p>The voxel head runs on the sampled voxels only ({@code ModelSpec.withVoxelHeadOnSamples(true)} + the model's
 * {@code voxelProjector} given to SupCon; exact for the point-wise head) unless {@code -Dbench.voxelHead=full},
 * which projects every voxel as {@code fess train} still does.
 *
 * <p>With {@code loader}, batches come instead from fess's prefetching {@link BatchLoader} (1 worker thread,
 * default augmentation) over three synthetic 4 × 150 × 200 × 160 cached cases, competing with the step for the
 * same cores, and the result adds the time the steps waited for their batch ({@code wait_fraction} = waited ÷
 * total time of the timed steps).
 *
 * <p>Usage: {@code java -cp CP TrainStepBench.java fess|dice WARMUP STEPS [loader]}
 */
public final class TrainStepBench {
    static final int B = 2;
    static final int C = 4;
    static final int P = 64;
    static final int CLASSES = 4;

    public static void main(String[] args) throws Exception {
        String loss = args[0];
        int warmup = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        Path run = Files.createTempDirectory("fess-train-bench");
        TrainingConfig cfg = TrainingConfig.builder()
                .set("data", run.toString(), "bench").set("layout", "msd", "bench").set("labels", "dataset", "bench")
                .set("target_spacing", "1,1,1", "bench").set("loss", loss, "bench").set("epochs", "1", "bench")
                .set("iterations", "" + (warmup + steps), "bench").set("patch", "" + P, "bench")
                .set("batch", "" + B, "bench").set("filters", "16,32,64,128", "bench").set("norm", "instance", "bench")
                .set("optimizer", "adam", "bench").set("lr", "0.001", "bench").set("clip_norm", "1.0", "bench")
                .set("threads", "2", "bench").set("seed", "42", "bench").build();
        List<TrainingBatch> batches = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 4; i++) {
            batches.add(batch(r));
        }
        boolean useLoader = args.length > 3 && "loader".equals(args[3]);
        BatchLoader loader = useLoader ? loader() : null;
        long[] waitAtWarmup = new long[1];
        BatchSource source = useLoader
                ? (epoch, iteration) -> toTraining(loader.next())
                : (epoch, iteration) -> batches.get(iteration % batches.size());
        long[] times = new long[warmup + steps + 1];
        long[] hwm = new long[1];
        double[] losses = new double[warmup + steps];
        String[] head = new String[1];
        TrainingListener listener = new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int iterations, int startIteration) {
                times[0] = System.nanoTime();
            }

            @Override
            public void stepDone(int epoch, int iteration, double l, double dice, double contrastive, double lr) {
                times[iteration + 1] = System.nanoTime();
                losses[iteration] = l;
                if (iteration == warmup - 1 && loader != null) {
                    waitAtWarmup[0] = loader.waitNanos();
                }
                if (iteration == warmup + steps - 1) {
                    hwm[0] = vmHwmKb();
                }
            }
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(42);
            UNet3d.Config unet = UNet3d.builder().setInChannels(C).setClasses(CLASSES).optFilters(16, 32, 64, 128)
                    .optNorm(UNet3d.Norm.INSTANCE).optActivation(UNet3d.Act.LEAKY_RELU).config();
            boolean onSamples = !"full".equals(System.getProperty("bench.voxelHead", "samples"));
            SegmentationModel model = SegmentationModel.of(new ModelSpec(unet, 64, 64).withVoxelHeadOnSamples(onSamples));
            model.initialize(manager, DataType.FLOAT32);
            // Trainer's store does not copy (one device), so this one hands the projector the same parameter arrays
            ParameterStore store = new ParameterStore(manager, false);
            SupervisedContrastiveLoss.Builder supCon = SupervisedContrastiveLoss.builder().optTemperature(0.5f)
                    .optSamplesPerClass(256);
            if (onSamples) {
                supCon.optProjector(model.voxelProjector(store, true));
            }
            CompositeLoss composite = "fess".equals(loss)
                    ? FessLoss.builder().optLambda(0.5f).optSupCon(supCon.build()).build()
                    : CompositeLoss.diceOnly(DiceLoss.builder().build());
            head[0] = onSamples ? "samples" : "full";
            Trainer trainer = new Trainer(cfg, run, model, new Step(composite), MAPPING, source, List.of(), listener,
                    manager);
            trainer.run(false);
        }
        String waited = "";
        if (loader != null) {
            double w = (loader.waitNanos() - waitAtWarmup[0]) / 1e9;
            double total = (times[warmup + steps] - times[warmup]) / 1e9;
            waited = String.format(Locale.ROOT, ", \"waited_s\": %.4f, \"wait_fraction\": %.5f", w, w / total);
            loader.close();
        }
        double[] s = new double[steps];
        for (int i = 0; i < steps; i++) {
            s[i] = (times[warmup + i + 1] - times[warmup + i]) / 1e9;
        }
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        double median = steps % 2 == 1 ? sorted[steps / 2] : (sorted[steps / 2 - 1] + sorted[steps / 2]) / 2;
        StringBuilder list = new StringBuilder();
        for (double v : s) {
            list.append(list.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v));
        }
        System.out.printf(Locale.ROOT, "RESULT {\"bench\": \"train_step\", \"impl\": \"fess\", \"loss\": \"%s\", \"voxel_head\": \"%s\","
                + " \"median_s\": %.4f, \"steps_s\": [%s], \"vmhwm_mb\": %.1f, \"losses\": %s%s}%n", loss, head[0], median, list,
                hwm[0] / 1024.0, Arrays.toString(losses), waited);
        deleteTree(run);
    }

    /** StepLoss over fess's composite losses (FESS or Dice only). */
    record Step(CompositeLoss loss) implements StepLoss {
        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return loss.evaluate(labels, predictions);
        }

        @Override
        public NDArray[] terms(NDList labels, NDList predictions) {
            return loss.terms(labels, predictions);
        }

        @Override
        public double[] lastParts() {
            LossParts p = loss.lastParts();
            return new double[] {p.dice(), p.contrastive()};
        }

        @Override
        public void reseed(long seed) {
            if (loss instanceof FessLoss f) {
                f.getSupCon().reseed(seed);
            }
        }

        @Override
        public boolean twoViews() {
            return false;
        }

        @Override
        public boolean usesHeads() {
            return loss.getContrastive() != null;
        }
    }

    static final LabelMapping MAPPING = new LabelMapping() {
        @Override public String name() { return "bench-4"; }
        @Override public int numClasses() { return CLASSES; }
        @Override public int classOf(int raw) { return raw; }
        @Override public int rawLabelOf(int c) { return c; }
        @Override public List<int[]> regions() { return List.of(); }
        @Override public List<String> outputNames() { return List.of("background", "c1", "c2", "c3"); }
    };

    /** Two patches with nested spheres (classes 1..3 from outside in) at random centres, class mean + noise. */
    static TrainingBatch batch(SplittableRandom r) {
        int n = P * P * P;
        float[] img = new float[B * C * n];
        byte[] cls = new byte[B * n];
        for (int b = 0; b < B; b++) {
            double cz = r.nextDouble(20, 44), cy = r.nextDouble(20, 44), cx = r.nextDouble(20, 44);
            double rad = r.nextDouble(12, 18);
            for (int z = 0, i = 0; z < P; z++) {
                for (int y = 0; y < P; y++) {
                    for (int x = 0; x < P; x++, i++) {
                        double d = Math.sqrt((z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx)) / rad;
                        int c = d < 0.33 ? 3 : d < 0.66 ? 2 : d < 1 ? 1 : 0;
                        cls[b * n + i] = (byte) c;
                        for (int ch = 0; ch < C; ch++) {
                            img[(b * C + ch) * n + i] = (float) (0.5 * c * (ch + 1) / C + 0.3 * r.nextGaussian());
                        }
                    }
                }
            }
        }
        return new TrainingBatch(B, C, new int[] {P, P, P}, img, cls, null, null, null);
    }

    static TrainingBatch toTraining(Batch b) {
        return new TrainingBatch(b.batchSize(), b.channels(), b.patch(), b.images(), b.classes(), null, null, null);
    }

    /** fess's loader over synthetic cached cases (as bench/loader/LoaderBench.java), one worker thread. */
    static BatchLoader loader() {
        int[] shape = {150, 200, 160};
        List<CachedCase> cases = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            SplittableRandom r = new SplittableRandom(k);
            int n = shape[0] * shape[1] * shape[2];
            float[] img = new float[4 * n];
            for (int i = 0; i < img.length; i++) {
                img[i] = (float) r.nextGaussian();
            }
            byte[] cls = new byte[n];
            for (int z = 0; z < shape[0]; z++) {
                for (int y = 0; y < shape[1]; y++) {
                    for (int x = 0; x < shape[2]; x++) {
                        double d = Math.pow((z - 75) / 30.0, 2) + Math.pow((y - 100) / 40.0, 2)
                                + Math.pow((x - 80) / 35.0, 2);
                        cls[x + shape[2] * (y + shape[1] * z)] = (byte) (d < 0.2 ? 3 : d < 0.5 ? 1 : d < 1 ? 2 : 0);
                    }
                }
            }
            cases.add(CachedCase.inMemory("case_" + k, 4, shape, img, cls, 4));
        }
        BatchGenerator g = new BatchGenerator(cases, new PatchSampler(P, P, P),
                new Augmenter(AugmentationConfig.defaults(), new double[] {1, 1, 1}), B, false);
        return BatchLoader.builder(g).seed(1).threads(1).build();
    }

    static long vmHwmKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return -1;
    }

    static void deleteTree(Path p) throws java.io.IOException {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
