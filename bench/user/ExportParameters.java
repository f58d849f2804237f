import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import dev.fess.run.RunModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes a fess model's parameters for the PyTorch twins of bench/user (raw float32 little endian, one file per
 * parameter, and a manifest.json of DJL names and shapes, read by {@code torch_net.load_fess_parameters}).
 *
 * <pre>
 *   java -cp CP ExportParameters.java init SEED IN_CHANNELS OUTPUTS F1,F2,… OUT_DIR
 *       the initial parameters `fess train --seed SEED` starts from (TrainingSession's construction: engine seed,
 *       instance norm, LeakyReLU, heads of width 64, voxel head on samples), so both sides start alike
 *   java -cp CP ExportParameters.java run RUN_DIR CHECKPOINT OUT_DIR
 *       a trained run's checkpoint, plus the plan facts predict needs (patch, target spacing)
 * </pre>
 */
public final class ExportParameters {
    public static void main(String[] args) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            if (args[0].equals("init")) {
                Engine.getInstance().setRandomSeed((int) Long.parseLong(args[1]));
                int[] filters = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
                UNet3d.Config unet = UNet3d.builder()
                        .setInChannels(Integer.parseInt(args[2]))
                        .setClasses(Integer.parseInt(args[3]))
                        .optFilters(filters)
                        .optNorm(UNet3d.Norm.INSTANCE)
                        .optActivation(UNet3d.Act.LEAKY_RELU)
                        .config();
                SegmentationModel model =
                        SegmentationModel.of(new ModelSpec(unet, 64, 64).withVoxelHeadOnSamples(true));
                model.initialize(manager, DataType.FLOAT32);
                export(model, Path.of(args[5]), "");
            } else {
                RunModel run = RunModel.load(Path.of(args[1]), args[2], manager);
                String facts = String.format(
                        Locale.ROOT,
                        "\"patch\": %s, \"target_spacing\": %s,\n",
                        Arrays.toString(run.config().data().patchSize()),
                        Arrays.toString(run.plan().targetSpacing()));
                export(run.model(), Path.of(args[3]), facts);
            }
        }
    }

    static void export(SegmentationModel model, Path out, String facts) throws IOException {
        Files.createDirectories(out);
        StringBuilder manifest = new StringBuilder("{\n").append(facts).append("\"params\": [\n");
        int i = 0;
        for (Pair<String, Parameter> p : model.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = a.toFloatArray();
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            Files.write(out.resolve("param_" + i + ".bin"), b.array());
            manifest.append(i == 0 ? "" : ",\n")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"name\": \"%s\", \"shape\": %s}",
                            p.getKey(),
                            Arrays.toString(a.getShape().getShape())));
            i++;
        }
        manifest.append("\n]\n}\n");
        Files.writeString(out.resolve("manifest.json"), manifest.toString());
    }
}
