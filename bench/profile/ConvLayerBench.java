import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.GradientCollector;
import java.util.Locale;

/**
 * One 3×3×3 convolution (stride 1, padding 1, no bias) forward and backward through DJL, timed separately:
 * {@code B × Cin × S³ → B × Cout × S³}. Prints {@code RESULT {json}} with the median seconds and GFLOP/s
 * (2 · B · S³ · Cout · Cin · 27 per pass; backward = weight + input gradient = twice that). With {@code cl} the
 * input is stored channels-last (D H W C, PyTorch's {@code channels_last_3d}), which DJL can only reach as a
 * permuted view. Run with {@code ONEDNN_VERBOSE=1} and pipe into {@code onednn_impls.py} to see which oneDNN
 * implementation libtorch chose for each pass.
 *
 * <p>Usage: {@code java -cp CP ConvLayerBench.java B CIN COUT S REPS [cl]}
 */
public final class ConvLayerBench {
    public static void main(String[] args) {
        int b = Integer.parseInt(args[0]), cin = Integer.parseInt(args[1]), cout = Integer.parseInt(args[2]);
        int s = Integer.parseInt(args[3]), reps = Integer.parseInt(args[4]);
        boolean channelsLast = args.length > 5 && args[5].equals("cl");
        DataType type = DataType.FLOAT32;
        double flops = 2.0 * b * s * s * s * cout * cin * 27;
        double[] fwd = new double[reps], bwd = new double[reps];
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            NDArray x = m.randomNormal(new Shape(b, cin, s, s, s)).toType(type, false);
            if (channelsLast) {
                // the same values stored D H W C: a B × Cin × S³ view with channel stride 1 (channels_last_3d)
                x = x.transpose(0, 2, 3, 4, 1).flatten().reshape(b, s, s, s, cin).transpose(0, 4, 1, 2, 3);
            }
            NDArray w = m.randomNormal(new Shape(cout, cin, 3, 3, 3)).mul(0.05).toType(type, false);
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            for (int r = -1; r < reps; r++) {
                try (NDManager sub = m.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    long t0 = System.nanoTime();
                    NDArray y = Conv3d.conv3d(x, w, null, new Shape(1, 1, 1), new Shape(1, 1, 1),
                            new Shape(1, 1, 1), 1).singletonOrThrow();
                    y.get(0, 0, 0, 0, 0).toType(DataType.FLOAT32, false).getFloat();
                    long t1 = System.nanoTime();
                    gc.backward(y.sum());
                    w.getGradient().get(0, 0, 0, 0, 0).toType(DataType.FLOAT32, false).getFloat();
                    long t2 = System.nanoTime();
                    if (r >= 0) {
                        fwd[r] = (t1 - t0) / 1e9;
                        bwd[r] = (t2 - t1) / 1e9;
                    }
                }
            }
        }
        java.util.Arrays.sort(fwd);
        java.util.Arrays.sort(bwd);
        String layout = channelsLast ? "channels_last_3d" : "ncdhw";
        System.out.printf(Locale.ROOT, "RESULT {\"bench\": \"conv_layer\", \"impl\": \"fess\","
                + " \"shape\": [%d, %d, %d, %d], \"layout\": \"%s\", \"forward_s\": %.4f, \"backward_s\": %.4f,"
                + " \"forward_gflops\": %.1f, \"backward_gflops\": %.1f}%n", b, cin, cout, s, layout, fwd[reps / 2],
                bwd[reps / 2], flops / 1e9 / fwd[reps / 2], 2 * flops / 1e9 / bwd[reps / 2]);
    }
}
