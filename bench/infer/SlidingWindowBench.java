import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fess.infer.SlidingWindowPredictor;
import dev.fess.model.ModelSpec;
import dev.fess.model.NetworkFlops;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Whole-volume sliding-window inference with fess's {@link SlidingWindowPredictor}: a BraTS-sized
 * 4 × 155 × 240 × 240 volume (C × D × H × W), the training U-Net 16-32-64-128 (4 classes), patch P³ (default 128),
 * overlap 0.5, Gaussian importance weighting, one window per forward pass, no mirroring, 2 PyTorch intra-op
 * threads. One untimed warm-up prediction of a single window first. Prints {@code RESULT {json}} with the seconds
 * of one whole-volume prediction (windows copied in, forward passes, weighted accumulation, normalisation).
 *
 * The result carries the convolution GFLOP of the whole prediction (windows × {@link NetworkFlops#forward()}).
 *
 * <p>Usage: {@code java -cp CP SlidingWindowBench.java [P [D H W]]} (another volume for the tiny sizes of
 * {@code bench/run.sh --check})
 */
public final class SlidingWindowBench {
    public static void main(String[] args) {
        int p = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int c = 4;
        int[] shape = args.length > 3
                ? new int[] {Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])}
                : new int[] {155, 240, 240};
        float[] image = new float[c * shape[0] * shape[1] * shape[2]];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) r.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(42);
            UNet3d.Config unet = UNet3d.builder().setInChannels(c).setClasses(4).optFilters(16, 32, 64, 128)
                    .optNorm(UNet3d.Norm.INSTANCE).optActivation(UNet3d.Act.LEAKY_RELU).config();
            SegmentationModel model = SegmentationModel.of(new ModelSpec(unet, 64, 64));
            model.initialize(manager, DataType.FLOAT32);
            SlidingWindowPredictor predictor = SlidingWindowPredictor.builder().block(model.getUNet())
                    .patch(p, p, p).overlap(0.5).gaussian(true).windowBatch(1).mirror(false).build();
            predictor.predict(manager, new float[c * p * p * p], c, new int[] {p, p, p}, null);
            long t0 = System.nanoTime();
            float[] logits = predictor.predict(manager, image, c, shape, null);
            double s = (System.nanoTime() - t0) / 1e9;
            double check = 0;
            for (int i = 0; i < logits.length; i += 9973) {
                check += logits[i];
            }
            int windows = predictor.windowCount(shape);
            double gflop = windows * (NetworkFlops.of(unet, 1, p, p, p).forward() / 1e9);
            System.out.printf(Locale.ROOT, "RESULT {\"bench\": \"sliding_window\", \"impl\": \"fess\","
                    + " \"seconds\": %.3f, \"windows\": %d, \"patch\": %d, \"shape\": [%d, %d, %d], \"gflop\": %.2f,"
                    + " \"checksum\": %.4f}%n", s, windows, p, shape[0], shape[1], shape[2], gflop, check);
        }
    }
}
