package dev.fess.preprocess;

import dev.fess.UserInputException;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LoadedCase;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic cases for the preprocessing tests. */
public final class TestCases {
    private TestCases() {}

    /** BraTS-like mapping: raw 0, 1, 2, 4 → classes 0, 1, 2, 3. */
    public static final LabelMapping BRATS_LIKE = new LabelMapping() {
        private final int[] raw = {0, 1, 2, 4};

        @Override
        public String name() {
            return "test-brats-classes";
        }

        @Override
        public int numClasses() {
            return 4;
        }

        @Override
        public int classOf(int r) {
            for (int c = 0; c < raw.length; c++) {
                if (raw[c] == r) {
                    return c;
                }
            }
            throw new UserInputException("label value " + r + " not declared; expected one of 0, 1, 2, 4");
        }

        @Override
        public int rawLabelOf(int c) {
            return raw[c];
        }

        @Override
        public List<int[]> regions() {
            return List.of();
        }

        @Override
        public List<String> outputNames() {
            return List.of("background", "a", "b", "c");
        }
    };

    /**
     * Affine with the given axis codes (e.g. "LPS", "PIR": the world direction each voxel axis points to) and
     * spacing, and some origin.
     */
    public static Affine affine(String codes, double... spacing) {
        double[][] rows = new double[4][4];
        rows[3][3] = 1;
        for (int v = 0; v < 3; v++) {
            char ch = codes.charAt(v);
            int w = "RLAPSI".indexOf(ch) / 2;
            double sign = "RAS".indexOf(ch) >= 0 ? 1 : -1;
            rows[w][v] = sign * spacing[v];
        }
        rows[0][3] = 12.5;
        rows[1][3] = -40;
        rows[2][3] = 7;
        return Affine.of(rows);
    }

    /**
     * A case with a zero border (so cropping does something), C channels of smooth non-zero intensities inside a
     * box, and raw labels 0/1/2/4 in nested ellipsoids plus a few random specks, all inside the box.
     */
    public static LoadedCase blobCase(String id, int[] shape, Affine affine, int channels, long seed) {
        return blobCase(id, shape, affine, channels, seed, 0.003);
    }

    /** As above with the given probability of single-voxel specks of label 4. */
    public static LoadedCase blobCase(
            String id, int[] shape, Affine affine, int channels, long seed, double speckProbability) {
        SplittableRandom rng = new SplittableRandom(seed);
        int nx = shape[0], ny = shape[1], nz = shape[2];
        int[] lo = {2 + rng.nextInt(3), 1 + rng.nextInt(3), 1 + rng.nextInt(2)};
        int[] hi = {nx - 2 - rng.nextInt(3), ny - 1 - rng.nextInt(3), nz - 1 - rng.nextInt(2)};
        float[] img = new float[nx * ny * nz * channels];
        float[] lab = new float[nx * ny * nz];
        double cx = (lo[0] + hi[0]) / 2.0, cy = (lo[1] + hi[1]) / 2.0, cz = (lo[2] + hi[2]) / 2.0;
        double rx = (hi[0] - lo[0]) / 2.5, ry = (hi[1] - lo[1]) / 2.5, rz = (hi[2] - lo[2]) / 2.5;
        int n = nx * ny * nz;
        for (int k = lo[2]; k < hi[2]; k++) {
            for (int j = lo[1]; j < hi[1]; j++) {
                for (int i = lo[0]; i < hi[0]; i++) {
                    int idx = i + nx * (j + ny * k);
                    for (int c = 0; c < channels; c++) {
                        img[c * n + idx] = (float) (100 + 20 * c + 3 * i - 2 * j + k + 5 * rng.nextDouble());
                    }
                    double d = Math.pow((i - cx) / rx, 2) + Math.pow((j - cy) / ry, 2) + Math.pow((k - cz) / rz, 2);
                    int raw = d < 0.15 ? 4 : d < 0.45 ? 1 : d < 1 ? 2 : 0;
                    if (rng.nextDouble() < speckProbability) {
                        raw = 4;
                    }
                    lab[idx] = raw;
                }
            }
        }
        return new LoadedCase(
                id, new Volume(nx, ny, nz, channels, img, affine), new Volume(nx, ny, nz, 1, lab, affine));
    }
}
