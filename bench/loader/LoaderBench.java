import dev.fess.augment.AugmentationConfig;
import dev.fess.augment.Augmenter;
import dev.fess.preprocess.CachedCase;
import dev.fess.preprocess.PreprocessCache;
import dev.fess.preprocess.PreprocessedCase;
import dev.fess.sampling.BatchGenerator;
import dev.fess.sampling.BatchLoader;
import dev.fess.sampling.PatchSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batch loader benchmark: synthetic cached cases (160×200×150 × 4 channels, memory-mapped from the cache format),
 * 64³ patches, batches of 2 with default augmentation (+ a two-view run). Reports batches/s per thread count and
 * the fraction of a 1.5 s training step the consumer waits for its batch.
 *
 * Run: bench/loader/run.sh [cases] [batches-per-measurement] [steps]
 */
public class LoaderBench {
    public static void main(String[] args) throws Exception {
        int nCases = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int nBatches = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int[] shape = {150, 200, 160}; // D, H, W  (x 160, y 200, z 150)
        Path dir = Files.createTempDirectory("fess-loader-bench");
        try {
            List<CachedCase> cases = new ArrayList<>();
            for (int i = 0; i < nCases; i++) {
                PreprocessedCase p = synthetic("case_" + i, shape, i);
                Path f = dir.resolve("case_" + i + ".fpc");
                PreprocessCache.write(p, f);
                cases.add(PreprocessCache.read(f));
            }
            System.out.printf("cases: %d × 4 × %d×%d×%d (memory-mapped), patch 64³, batch 2, processors %d%n",
                    nCases, shape[0], shape[1], shape[2], Runtime.getRuntime().availableProcessors());
            for (boolean twoView : new boolean[] {false, true}) {
                BatchGenerator g = new BatchGenerator(cases, new PatchSampler(64, 64, 64),
                        new Augmenter(AugmentationConfig.defaults(), new double[] {1, 1, 1}), 2, twoView);
                // warm up the JIT
                for (int i = 0; i < 3; i++) {
                    g.generate(new SplittableRandom(i));
                }
                for (int threads : new int[] {1, 2, 4}) {
                    try (BatchLoader l = BatchLoader.builder(g).seed(1).threads(threads).build()) {
                        long t0 = System.nanoTime();
                        for (int i = 0; i < nBatches; i++) {
                            l.next();
                        }
                        double s = (System.nanoTime() - t0) / 1e9;
                        System.out.printf("%s threads=%d: %.2f batches/s (%.0f ms per batch)%n",
                                twoView ? "two-view" : "one-view", threads, nBatches / s, 1000 * s / nBatches);
                    }
                }
                for (int threads : new int[] {1, 2}) {
                    try (BatchLoader l = BatchLoader.builder(g).seed(2).threads(threads).build()) {
                        l.next(); // the first batch: nothing was prefetched yet
                        long firstWait = l.waitNanos();
                        long t0 = System.nanoTime();
                        for (int i = 0; i < steps; i++) {
                            Thread.sleep(1500); // the "training step"
                            l.next();
                        }
                        double total = (System.nanoTime() - t0) / 1e9;
                        double waited = (l.waitNanos() - firstWait) / 1e9;
                        System.out.printf("%s threads=%d, 1.5 s steps: waited %.3f s in %d steps = %.2f %% of step"
                                + " time (first batch %.2f s)%n", twoView ? "two-view" : "one-view", threads,
                                waited, steps, 100 * waited / total, firstWait / 1e9);
                    }
                }
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static PreprocessedCase synthetic(String id, int[] shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
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
        CachedCase c = CachedCase.inMemory(id, 4, shape, img, cls, 4);
        int[][] fg = new int[4][];
        for (int k = 0; k < 4; k++) {
            fg[k] = c.foregroundLocations(k);
        }
        dev.fess.preprocess.GeometryRecord g = new dev.fess.preprocess.GeometryRecord(
                new int[] {shape[2], shape[1], shape[0]},
                new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1},
                dev.fess.preprocess.Reorientation.identity(), new int[] {shape[2], shape[1], shape[0]},
                new double[] {1, 1, 1}, new int[] {shape[2], shape[1], shape[0]}, new double[] {1, 1, 1},
                new int[] {0, 0, 0}, new int[] {shape[2], shape[1], shape[0]});
        return new PreprocessedCase(id, 4, shape, img, cls, fg, g);
    }
}
