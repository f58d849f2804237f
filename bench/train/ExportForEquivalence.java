import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.fess.infer.SlidingWindowPredictor;
import dev.fess.loss.DiceLoss;
import dev.fess.loss.SupervisedContrastiveLoss;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import dev.fess.optim.Adam;
import dev.fess.optim.GradientClipping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes what bench/train/check_equivalence.py needs to prove that the PyTorch reference network
 * (bench/torch_net.py) computes what fess computes: the fess model's parameters (raw float32, little endian,
 * with a manifest of names and shapes), a fixed input and label map, the three outputs of SegmentationModel, the
 * Dice loss, SupCon on a fixed voxel sample, the gradients of the Dice loss, the parameters after one clipped
 * Adam step, and a sliding-window prediction of a small volume.
 *
 * <p>Usage: {@code java -cp CP ExportForEquivalence.java OUT_DIR}
 */
public final class ExportForEquivalence {
    static final int IN = 4;
    static final int CLASSES = 4;
    static final int S = 32;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        Engine.getInstance().setRandomSeed(7);
        StringBuilder manifest = new StringBuilder("{\n\"params\": [\n");
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet3d.Config unet = UNet3d.builder().setInChannels(IN).setClasses(CLASSES).optFilters(16, 32, 64, 128)
                    .optNorm(UNet3d.Norm.INSTANCE).optActivation(UNet3d.Act.LEAKY_RELU).config();
            SegmentationModel model = SegmentationModel.of(new ModelSpec(unet, 64, 64));
            model.initialize(manager, DataType.FLOAT32);
            List<Parameter> params = new ArrayList<>();
            int i = 0;
            for (Pair<String, Parameter> p : model.getParameters()) {
                params.add(p.getValue());
                NDArray a = p.getValue().getArray();
                write(out.resolve("param_" + i + ".bin"), a.toFloatArray());
                manifest.append(i == 0 ? "" : ",\n").append(String.format(Locale.ROOT, "{\"name\": \"%s\", \"shape\": %s}",
                        p.getKey(), java.util.Arrays.toString(a.getShape().getShape())));
                i++;
            }
            manifest.append("\n],\n");
            SplittableRandom r = new SplittableRandom(11);
            float[] x = new float[IN * S * S * S];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) r.nextGaussian();
            }
            int[] labels = new int[S * S * S];
            for (int z = 0; z < S; z++) {
                for (int y = 0; y < S; y++) {
                    for (int w = 0; w < S; w++) {
                        double d = Math.sqrt((z - 16.0) * (z - 16.0) + (y - 14.0) * (y - 14.0) + (w - 17.0) * (w - 17.0));
                        labels[(z * S + y) * S + w] = d < 4 ? 3 : d < 7 ? 2 : d < 10 ? 1 : 0;
                    }
                }
            }
            write(out.resolve("input.bin"), x);
            writeInts(out.resolve("labels.bin"), labels);
            ParameterStore store = new ParameterStore(manager, false);
            int[] points = new int[200];
            for (int k = 0; k < points.length; k++) {
                points[k] = (k * 163) % (S * S * S);
            }
            writeInts(out.resolve("points.bin"), points);
            // Sliding window (before the Adam step changes the parameters) on a small volume: 4 × 40 × 56 × 48, patch 32³, overlap 0.5, Gaussian weights.
            int[] shape = {40, 56, 48};
            SplittableRandom rv = new SplittableRandom(13);
            float[] vol = new float[IN * shape[0] * shape[1] * shape[2]];
            for (int k = 0; k < vol.length; k++) {
                vol[k] = (float) rv.nextGaussian();
            }
            write(out.resolve("sw_input.bin"), vol);
            SlidingWindowPredictor predictor = SlidingWindowPredictor.builder().block(model.getUNet())
                    .patch(32, 32, 32).overlap(0.5).build();
            float[] sw = predictor.predict(manager, vol, IN, shape, null);
            write(out.resolve("sw_logits.bin"), sw);
            try (NDManager sub = manager.newSubManager()) {
                NDArray input = sub.create(x, new Shape(1, IN, S, S, S));
                NDArray lab = sub.create(labels, new Shape(1, S, S, S));
                NDList pred;
                NDArray dice;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    pred = model.forward(store, new NDList(input), true);
                    dice = DiceLoss.builder().build().evaluate(new NDList(lab), pred);
                    gc.backward(dice);
                }
                write(out.resolve("logits.bin"), pred.get(0).toFloatArray());
                write(out.resolve("voxel_embeddings.bin"), pred.get(1).toFloatArray());
                write(out.resolve("global_embeddings.bin"), pred.get(2).toFloatArray());
                int[] sampledLabels = new int[points.length];
                for (int k = 0; k < points.length; k++) {
                    sampledLabels[k] = labels[points[k]];
                }
                NDArray emb = pred.get(1).stopGradient().reshape(64, -1).transpose();
                NDArray z = emb.get(sub.create(points));
                float supcon = SupervisedContrastiveLoss.supCon(z, sampledLabels, 0.5f).getFloat();
                manifest.append(String.format(Locale.ROOT, "\"dice\": %.9g,\n\"supcon\": %.9g,\n", dice.getFloat(), supcon));
                List<NDArray> ps = new ArrayList<>();
                List<NDArray> gs = new ArrayList<>();
                for (int k = 0; k < params.size(); k++) {
                    NDArray a = params.get(k).getArray();
                    NDArray g = a.getGradient();
                    write(out.resolve("grad_" + k + ".bin"), g.toFloatArray());
                    ps.add(a);
                    gs.add(g);
                }
                double norm = GradientClipping.clipGlobalNorm(gs, 1.0);
                try (Adam adam = Adam.builder().manager(manager).build()) {
                    adam.step(ps, gs, 1e-3f);
                }
                for (int k = 0; k < params.size(); k++) {
                    write(out.resolve("stepped_" + k + ".bin"), ps.get(k).toFloatArray());
                }
                manifest.append(String.format(Locale.ROOT, "\"grad_norm\": %.9g,\n", norm));
            }
            manifest.append("\"sw_shape\": [40, 56, 48], \"sw_patch\": [32, 32, 32]\n}\n");
        }
        Files.writeString(out.resolve("manifest.json"), manifest.toString());
        System.out.println("exported to " + out);
    }

    static void write(Path file, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Files.write(file, b.array());
    }

    static void writeInts(Path file, int[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        Files.write(file, b.array());
    }
}
