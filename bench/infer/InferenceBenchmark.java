import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fess.infer.SlidingWindowPredictor;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import dev.fess.train.EngineThreads;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Sliding-window inference timing ({@code bench/infer/run.sh}, a single-file program): a random C×D×H×W volume, a U-Net with random weights, Gaussian
 * weighting. Arguments (all optional, key=value): {@code channels=4 d=155 h=240 w=240 filters=16,32,64,128
 * patch=64 overlap=0.5 batch=2 tta=false threads=2 classes=3 repeats=1}. Prints seconds per volume.
 */
public final class InferenceBenchmark {
    private InferenceBenchmark() {}

    public static void main(String[] args) {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        int c = Integer.parseInt(a.getOrDefault("channels", "4"));
        int d = Integer.parseInt(a.getOrDefault("d", "155"));
        int h = Integer.parseInt(a.getOrDefault("h", "240"));
        int w = Integer.parseInt(a.getOrDefault("w", "240"));
        int[] filters = java.util.Arrays.stream(a.getOrDefault("filters", "16,32,64,128").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int p = Integer.parseInt(a.getOrDefault("patch", "64"));
        double overlap = Double.parseDouble(a.getOrDefault("overlap", "0.5"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "2"));
        boolean tta = Boolean.parseBoolean(a.getOrDefault("tta", "false"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        int classes = Integer.parseInt(a.getOrDefault("classes", "3"));
        int repeats = Integer.parseInt(a.getOrDefault("repeats", "1"));
        EngineThreads.set(threads);
        ai.djl.engine.Engine.getInstance().setRandomSeed(42);
        float[] image = new float[c * d * h * w];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) r.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet3d.Config cfg = UNet3d.builder().setInChannels(c).setClasses(classes).optFilters(filters).config();
            SegmentationModel model = SegmentationModel.of(ModelSpec.of(cfg));
            model.initialize(manager, DataType.FLOAT32);
            SlidingWindowPredictor sw = SlidingWindowPredictor.builder().block(model.getUNet()).patch(p, p, p)
                    .overlap(overlap).mirror(tta).windowBatch(batch).build();
            int windows = sw.windowCount(new int[] {d, h, w});
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                float[] out = sw.predict(manager, image, c, new int[] {d, h, w}, null);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.println(String.format(Locale.ROOT,
                        "volume %dx%dx%dx%d, unet %s, patch %d^3, overlap %.2f, %d windows, batch %d, tta %s, threads %d: %.2f s (checksum %.4f)",
                        c, d, h, w, java.util.Arrays.toString(filters), p, overlap, windows, batch, tta, threads, s, out[out.length / 2]));
            }
        }
    }
}
