package dev.fess.toy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Toy segmentation data: two bright spheres in a noisy cube; the label is 1 inside them. */
public final class Blobs {

    private final Random random;
    private final int size;

    /**
     * @param seed seed
     * @param size edge of the cube
     */
    public Blobs(long seed, int size) {
        random = new Random(seed);
        this.size = size;
    }

    /** A batch: images {@code B × 1 × n³} and label maps {@code B × n³}. */
    public record Batch(float[] images, int[] labels, int batch, int size) {
        /** @param m manager @return images as an array */
        public NDArray images(NDManager m) {
            return m.create(images, new Shape(batch, 1, size, size, size));
        }

        /** @param m manager @return label map as an array */
        public NDArray labels(NDManager m) {
            return m.create(labels, new Shape(batch, size, size, size));
        }
    }

    /**
     * @param batch batch size
     * @return the next batch
     */
    public Batch next(int batch) {
        int n = size * size * size;
        float[] images = new float[batch * n];
        int[] labels = new int[batch * n];
        for (int b = 0; b < batch; b++) {
            double[][] centres = new double[2][3];
            double[] radii = new double[2];
            for (int k = 0; k < 2; k++) {
                for (int a = 0; a < 3; a++) {
                    centres[k][a] = 4 + random.nextDouble() * (size - 8);
                }
                radii[k] = 2.5 + random.nextDouble() * 1.5;
            }
            for (int z = 0; z < size; z++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int i = b * n + (z * size + y) * size + x;
                        boolean inside = false;
                        for (int k = 0; k < 2; k++) {
                            double dz = z - centres[k][0];
                            double dy = y - centres[k][1];
                            double dx = x - centres[k][2];
                            inside |= dz * dz + dy * dy + dx * dx <= radii[k] * radii[k];
                        }
                        labels[i] = inside ? 1 : 0;
                        images[i] = (float) ((inside ? 1.0 : 0.0) - 0.3 + 0.3 * random.nextGaussian());
                    }
                }
            }
        }
        return new Batch(images, labels, batch, size);
    }

    /**
     * Foreground Dice of a hard prediction.
     *
     * @param predicted predicted labels
     * @param truth true labels
     * @return 2|P∩T| / (|P| + |T|)
     */
    public static double dice(int[] predicted, int[] truth) {
        long inter = 0;
        long p = 0;
        long t = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean a = predicted[i] == 1;
            boolean b = truth[i] == 1;
            inter += a && b ? 1 : 0;
            p += a ? 1 : 0;
            t += b ? 1 : 0;
        }
        return p + t == 0 ? 1 : 2.0 * inter / (p + t);
    }
}
