import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.fess.loss.CompositeLoss;
import dev.fess.loss.DiceLoss;
import dev.fess.loss.FessLoss;
import dev.fess.loss.SupervisedContrastiveLoss;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import java.util.Arrays;

/**
 * Times one training step (forward + backward + Adam) of FESS against Dice alone: U-Net 16-32-64-128, 64³ patch,
 * batch 2, 1 input channel, 2 classes. Dice runs the bare U-Net; FESS runs U-Net + projection heads with
 * λ·Dice + (1−λ)·SupCon (K = 256). Arms alternate A B A B after warm-up; medians are reported.
 *
 * <p>Arguments: [steps per arm (default 6)] [patch edge (default 64)]. {@code -DvoxelHead=full} projects every voxel
 * instead of the sampled ones only.
 */
public final class TrainStepBench {

    private static final class Arm {
        final String name;
        final Block block;
        Loss loss;
        final Optimizer optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
        final ParameterStore store;

        Arm(String name, Block block, Loss loss, NDManager manager) {
            this.name = name;
            this.block = block;
            this.loss = loss;
            this.store = new ParameterStore(manager, false);
        }

        double step(NDManager manager, float[] image, int[] labels, int edge) {
            long t0 = System.nanoTime();
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(image, new Shape(2, 1, edge, edge, edge));
                NDArray y = sub.create(labels, new Shape(2, edge, edge, edge));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = loss.evaluate(new NDList(y), block.forward(store, new NDList(x), true));
                    gc.backward(l);
                }
                for (Pair<String, Parameter> p : block.getParameters()) {
                    if (!p.getValue().requiresGradient()) {
                        continue;
                    }
                    NDArray w = p.getValue().getArray();
                    try (NDArray g = w.getGradient()) {
                        optimizer.update(p.getValue().getId(), w, g);
                        g.subi(g);
                    }
                }
            }
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int edge = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Engine.getInstance().setRandomSeed(42);
        java.util.Random random = new java.util.Random(42);
        int n = edge * edge * edge;
        float[] image = new float[2 * n];
        int[] labels = new int[2 * n];
        for (int b = 0; b < 2; b++) {
            for (int z = 0; z < edge; z++) {
                for (int yy = 0; yy < edge; yy++) {
                    for (int x = 0; x < edge; x++) {
                        double dz = z - edge / 2.0;
                        double dy = yy - edge / 2.0 + 4 * b;
                        double dx = x - edge / 2.0;
                        boolean inside = dz * dz + dy * dy + dx * dx < (edge / 4.0) * (edge / 4.0);
                        int i = b * n + (z * edge + yy) * edge + x;
                        labels[i] = inside ? 1 : 0;
                        image[i] = (float) ((inside ? 1 : 0) + 0.5 * random.nextGaussian());
                    }
                }
            }
        }
        UNet3d.Config unet = UNet3d.builder().setInChannels(1).setClasses(2).optFilters(16, 32, 64, 128).config();
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet3d plain = UNet3d.of(unet);
            plain.initialize(manager, DataType.FLOAT32, new Shape(2, 1, edge, edge, edge));
            boolean onSamples = !"full".equals(System.getProperty("voxelHead"));
            SegmentationModel model = SegmentationModel.of(ModelSpec.of(unet).withVoxelHeadOnSamples(onSamples));
            model.initialize(manager, DataType.FLOAT32, new Shape(2, 1, edge, edge, edge));
            Arm dice = new Arm("dice", plain, CompositeLoss.diceOnly(DiceLoss.builder().build()), manager);
            Arm fess = new Arm("fess", model, null, manager);
            SupervisedContrastiveLoss.Builder supCon = SupervisedContrastiveLoss.builder();
            if (onSamples) {
                supCon.optProjector(model.voxelProjector(fess.store, true));
            }
            fess.loss = FessLoss.builder().optSupCon(supCon.build()).build();
            System.out.println("voxel head on " + (onSamples ? "sampled voxels" : "the whole volume"));
            for (int w = 0; w < 2; w++) {
                dice.step(manager, image, labels, edge);
                fess.step(manager, image, labels, edge);
            }
            double[] a = new double[steps];
            double[] b = new double[steps];
            for (int s = 0; s < steps; s++) {
                a[s] = dice.step(manager, image, labels, edge);
                b[s] = fess.step(manager, image, labels, edge);
            }
            double ma = median(a);
            double mb = median(b);
            System.out.printf("threads=%s patch=%d^3 batch=2 U-Net 16-32-64-128 steps/arm=%d%n",
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), edge, steps);
            System.out.printf("dice ms/step: median %.1f  all %s%n", ma, Arrays.toString(round(a)));
            System.out.printf("fess ms/step: median %.1f  all %s%n", mb, Arrays.toString(round(b)));
            System.out.printf("ratio fess/dice = %.3f (goal <= 1.10)%n", mb / ma);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long[] round(double[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i]);
        }
        return r;
    }
}
