package dev.fess.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Whole-volume prediction by overlapping patches (nnU-Net's sliding window).
 *
 * <p>The volume {@code C × D × H × W} is zero-padded to at least the patch size, covered by windows whose start
 * positions along each axis are spread evenly with a step of at most {@code patch·(1 − overlap)} (first window at 0,
 * last flush with the end), run through the network {@code windowBatch} at a time, and the first output of the block
 * (logits {@code B × K × d × h × w}) is accumulated into float arrays in Java, weighted by the
 * {@link GaussianImportance} map, then divided by the accumulated weights. With mirroring, each window is also
 * predicted flipped along every non-empty subset of the three spatial axes (8 passes), the outputs flipped back
 * and averaged. The result is averaged <em>logits</em> {@code K × D × H × W} (nnU-Net v2 averages logits too);
 * {@link Segmentations} turns them into probabilities and labels.
 *
 * <p>Memory: the accumulator is K·D·H·W + D·H·W floats; network memory is one window batch.
 */
public final class SlidingWindowPredictor {
    private final Block block;
    private final int[] patch;
    private final double overlap;
    private final boolean mirror;
    private final int windowBatch;
    private final float[] importance;

    private SlidingWindowPredictor(Builder b) {
        this.block = b.block;
        this.patch = b.patch.clone();
        this.overlap = b.overlap;
        this.mirror = b.mirror;
        this.windowBatch = b.windowBatch;
        this.importance = b.gaussian ? GaussianImportance.map(patch) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Start positions of windows of length {@code patch} over an axis of length {@code size ≥ patch}.
     * n = ⌈(size − patch) / (patch·(1 − overlap))⌉ + 1 windows, start_i = round(i·(size − patch)/(n − 1)).
     */
    public static int[] windowStarts(int size, int patch, double overlap) {
        if (size < patch) {
            throw new IllegalArgumentException("axis of " + size + " shorter than the patch " + patch);
        }
        double target = patch * (1 - overlap);
        int n = (int) Math.ceil((size - patch) / target) + 1;
        if (n == 1) {
            return new int[] {0};
        }
        double step = (double) (size - patch) / (n - 1);
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = (int) Math.round(step * i);
        }
        return s;
    }

    /**
     * Predicts a whole volume.
     *
     * @param manager parent manager; everything allocated per window batch is closed after use
     * @param image {@code C × D × H × W} floats (a {@link dev.fess.volume.Volume}'s data is in this order)
     * @param channels C
     * @param shape {D, H, W}
     * @param windowDone called after each window batch with the number of windows done (for a progress bar), or null
     * @return averaged logits {@code K × D × H × W}
     */
    public float[] predict(NDManager manager, float[] image, int channels, int[] shape, IntConsumer windowDone) {
        int[] padded = new int[3];
        for (int a = 0; a < 3; a++) {
            padded[a] = Math.max(shape[a], patch[a]);
        }
        float[] input = Arrays.equals(padded, shape) ? image : pad(image, channels, shape, padded);
        int[][] starts = new int[3][];
        for (int a = 0; a < 3; a++) {
            starts[a] = windowStarts(padded[a], patch[a], overlap);
        }
        List<int[]> windows = new ArrayList<>();
        for (int z : starts[0]) {
            for (int y : starts[1]) {
                for (int x : starts[2]) {
                    windows.add(new int[] {z, y, x});
                }
            }
        }
        int pVox = patch[0] * patch[1] * patch[2];
        int nVox = padded[0] * padded[1] * padded[2];
        float[] weightSum = new float[nVox];
        float[] acc = null;
        int k = -1;
        int done = 0;
        ParameterStore store = new ParameterStore(manager, false);
        for (int w0 = 0; w0 < windows.size(); w0 += windowBatch) {
            int b = Math.min(windowBatch, windows.size() - w0);
            float[] batch = new float[b * channels * pVox];
            for (int bi = 0; bi < b; bi++) {
                copyWindow(input, channels, padded, windows.get(w0 + bi), batch, bi * channels * pVox);
            }
            float[] out;
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(batch, new Shape(b, channels, patch[0], patch[1], patch[2]));
                NDArray sum = forward(store, x);
                if (mirror) {
                    for (int mask = 1; mask < 8; mask++) {
                        int[] axes = flipAxes(mask);
                        NDArray y = forward(store, x.flip(axes)).flip(axes);
                        sum = sum.add(y);
                    }
                    sum = sum.div(8f);
                }
                if (k < 0) {
                    k = (int) sum.getShape().get(1);
                    acc = new float[k * nVox];
                }
                out = sum.toFloatArray();
            }
            for (int bi = 0; bi < b; bi++) {
                accumulate(out, bi * k * pVox, k, windows.get(w0 + bi), padded, acc, weightSum);
            }
            done += b;
            if (windowDone != null) {
                windowDone.accept(done);
            }
        }
        for (int c = 0; c < k; c++) {
            int off = c * nVox;
            for (int i = 0; i < nVox; i++) {
                acc[off + i] /= weightSum[i];
            }
        }
        return Arrays.equals(padded, shape) ? acc : crop(acc, k, padded, shape);
    }

    /** Number of windows {@link #predict} will run for a volume of this shape. */
    public int windowCount(int[] shape) {
        int n = 1;
        for (int a = 0; a < 3; a++) {
            n *= windowStarts(Math.max(shape[a], patch[a]), patch[a], overlap).length;
        }
        return n;
    }

    public int[] patch() {
        return patch.clone();
    }

    private NDArray forward(ParameterStore store, NDArray x) {
        NDList out = block.forward(store, new NDList(x), false);
        return out.get(0);
    }

    private static int[] flipAxes(int mask) {
        int[] axes = new int[Integer.bitCount(mask)];
        int n = 0;
        for (int a = 0; a < 3; a++) {
            if ((mask & (1 << a)) != 0) {
                axes[n++] = 2 + a;
            }
        }
        return axes;
    }

    private void copyWindow(float[] src, int channels, int[] dims, int[] start, float[] dst, int dstOff) {
        int d = dims[0], h = dims[1], w = dims[2];
        int o = dstOff;
        for (int c = 0; c < channels; c++) {
            for (int z = 0; z < patch[0]; z++) {
                for (int y = 0; y < patch[1]; y++) {
                    int s = ((c * d + start[0] + z) * h + start[1] + y) * w + start[2];
                    System.arraycopy(src, s, dst, o, patch[2]);
                    o += patch[2];
                }
            }
        }
    }

    private void accumulate(float[] out, int outOff, int k, int[] start, int[] dims, float[] acc, float[] weightSum) {
        int d = dims[0], h = dims[1], w = dims[2];
        int nVox = d * h * w;
        int pw = patch[2];
        for (int c = 0; c < k; c++) {
            int o = outOff + c * patch[0] * patch[1] * pw;
            int g = 0;
            for (int z = 0; z < patch[0]; z++) {
                for (int y = 0; y < patch[1]; y++) {
                    int t = c * nVox + ((start[0] + z) * h + start[1] + y) * w + start[2];
                    for (int x = 0; x < pw; x++) {
                        float wt = importance == null ? 1f : importance[g + x];
                        acc[t + x] += out[o + x] * wt;
                    }
                    o += pw;
                    g += pw;
                }
            }
        }
        int g = 0;
        for (int z = 0; z < patch[0]; z++) {
            for (int y = 0; y < patch[1]; y++) {
                int t = ((start[0] + z) * h + start[1] + y) * w + start[2];
                for (int x = 0; x < pw; x++) {
                    weightSum[t + x] += importance == null ? 1f : importance[g + x];
                }
                g += pw;
            }
        }
    }

    private static float[] pad(float[] src, int channels, int[] shape, int[] padded) {
        float[] dst = new float[channels * padded[0] * padded[1] * padded[2]];
        for (int c = 0; c < channels; c++) {
            for (int z = 0; z < shape[0]; z++) {
                for (int y = 0; y < shape[1]; y++) {
                    int s = ((c * shape[0] + z) * shape[1] + y) * shape[2];
                    int t = ((c * padded[0] + z) * padded[1] + y) * padded[2];
                    System.arraycopy(src, s, dst, t, shape[2]);
                }
            }
        }
        return dst;
    }

    private static float[] crop(float[] src, int channels, int[] padded, int[] shape) {
        float[] dst = new float[channels * shape[0] * shape[1] * shape[2]];
        for (int c = 0; c < channels; c++) {
            for (int z = 0; z < shape[0]; z++) {
                for (int y = 0; y < shape[1]; y++) {
                    int s = ((c * padded[0] + z) * padded[1] + y) * padded[2];
                    int t = ((c * shape[0] + z) * shape[1] + y) * shape[2];
                    System.arraycopy(src, s, dst, t, shape[2]);
                }
            }
        }
        return dst;
    }

    /** Options of {@link SlidingWindowPredictor}. */
    public static final class Builder {
        private Block block;
        private int[] patch;
        private double overlap = 0.5;
        private boolean mirror;
        private int windowBatch = 1;
        private boolean gaussian = true;

        /** The network; its first output must be logits {@code B × K × d × h × w}. Must be initialised. */
        public Builder block(Block b) {
            this.block = b;
            return this;
        }

        /** Window size {D, H, W}. */
        public Builder patch(int... dhw) {
            if (dhw.length != 3 || Arrays.stream(dhw).anyMatch(v -> v <= 0)) {
                throw new IllegalArgumentException("patch needs 3 positive sizes D,H,W, got " + Arrays.toString(dhw));
            }
            this.patch = dhw.clone();
            return this;
        }

        /** Fraction of a window shared with its neighbour, in [0, 1); default 0.5. */
        public Builder overlap(double o) {
            if (!(o >= 0 && o < 1)) {
                throw new IllegalArgumentException("overlap must lie in [0, 1), got " + o);
            }
            this.overlap = o;
            return this;
        }

        /** Mirror test-time augmentation over the 8 flips of the spatial axes; default off. */
        public Builder mirror(boolean m) {
            this.mirror = m;
            return this;
        }

        /** Windows per forward pass; default 1. */
        public Builder windowBatch(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("window batch must be ≥ 1, got " + n);
            }
            this.windowBatch = n;
            return this;
        }

        /** Gaussian importance weighting (default) or a flat average. */
        public Builder gaussian(boolean g) {
            this.gaussian = g;
            return this;
        }

        /** The predictor; block and patch size must have been set. */
        public SlidingWindowPredictor build() {
            if (block == null || patch == null) {
                throw new IllegalStateException("a sliding-window predictor needs a block and a patch size");
            }
            return new SlidingWindowPredictor(this);
        }
    }
}
