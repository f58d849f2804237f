package dev.fess.preprocess;

import dev.fess.UserInputException;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.Modality;
import dev.fess.statistics.PartialShuffle;
import dev.fess.volume.Volume;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Applies a {@link PreprocessPlan} to one case: raw labels → class indices, reorientation to RAS, resampling to the
 * target spacing, crop to the non-zero bounding box of the image, intensity normalisation, and a sample of
 * foreground voxel locations per class for the patch sampler.
 *
 * <p>Normalisation: MRI — each channel is z-scored, {@code (x − μ)/σ}, with μ and σ over the voxels where any
 * channel is non-zero (nnU-Net's {@code use_mask_for_norm}); voxels where all channels are zero stay 0. CT — each
 * channel is clipped to the plan's dataset-wide foreground percentiles and z-scored with the plan's dataset-wide
 * foreground mean and standard deviation, everywhere.
 */
public final class Preprocessor {
    /** Minimum fraction of each class's voxels kept as foreground locations (nnU-Net: 1 %). */
    static final double MIN_FOREGROUND_COVERAGE = 0.01;

    private final PreprocessPlan plan;

    public Preprocessor(PreprocessPlan plan) {
        this.plan = plan;
    }

    public PreprocessPlan plan() {
        return plan;
    }

    /**
     * Preprocesses one case.
     *
     * @param c the case; its label map (if any) must be on the image grid
     * @param mapping the mapping named in the plan
     */
    public PreprocessedCase preprocess(LoadedCase c, LabelMapping mapping) {
        if (!mapping.name().equals(plan.labelMapping())) {
            throw new IllegalArgumentException(
                    "plan was made for label mapping " + plan.labelMapping() + ", got " + mapping.name());
        }
        Volume image = c.image();
        if (image.channels() != plan.channels()) {
            throw new UserInputException(
                    "case " + c.id() + ": expected " + plan.channels() + " image channels, got " + image.channels());
        }
        Volume classes = null;
        if (c.label() != null) {
            if (!Arrays.equals(c.label().shape(), image.shape())) {
                throw new UserInputException("case " + c.id() + ": label map shape "
                        + Arrays.toString(c.label().shape()) + " differs from image shape "
                        + Arrays.toString(image.shape()));
            }
            classes = toClasses(c.id(), c.label(), mapping);
        }

        Reorientation r = Reorientation.toRas(image.affine());
        int[] originalShape = image.shape();
        Volume rasImage = r.apply(image);
        Volume rasClasses = classes == null ? null : r.apply(classes);
        int[] rasShape = rasImage.shape();
        double[] rasSpacing = rasImage.spacing();

        int[] newShape = resampledShape(rasShape, rasSpacing, plan.targetSpacing());
        Volume resImage = Resampler.linear(rasImage, newShape);
        Volume resClasses = null;
        if (rasClasses != null) {
            resClasses = plan.labelResampling() == LabelResampling.NEAREST
                    ? Resampler.nearest(rasClasses, newShape)
                    : Resampler.linearArgmax(rasClasses, plan.numClasses(), newShape);
        }
        double[] resSpacing = new double[3];
        for (int a = 0; a < 3; a++) {
            resSpacing[a] = rasSpacing[a] * rasShape[a] / newShape[a];
        }

        int[][] box = nonZeroBox(resImage);
        int[] start = box[0];
        int[] end = box[1];
        int[] ps = {end[0] - start[0], end[1] - start[1], end[2] - start[2]};
        float[] img = crop(resImage, start, ps);
        byte[] cls = null;
        if (resClasses != null) {
            float[] cf = crop(resClasses, start, ps);
            cls = new byte[cf.length];
            for (int i = 0; i < cf.length; i++) {
                cls[i] = (byte) cf[i];
            }
        }
        normalise(img, image.channels(), ps[0] * ps[1] * ps[2]);

        GeometryRecord g = new GeometryRecord(
                originalShape, image.affine().toArray(), r, rasShape, rasSpacing, newShape, resSpacing, start, end);
        int[][] fg = cls == null
                ? null
                : foregroundLocations(cls, plan.numClasses(), plan.foregroundSamples(), c.id().hashCode());
        return new PreprocessedCase(c.id(), image.channels(), new int[] {ps[2], ps[1], ps[0]}, img, cls, fg, g);
    }

    /** Raw labels → class indices (as exact floats); raw values must be integers declared by the mapping. */
    static Volume toClasses(String id, Volume label, LabelMapping mapping) {
        float[] raw = label.data();
        float[] out = new float[raw.length];
        int[] lut = new int[256];
        Arrays.fill(lut, -1);
        for (int i = 0; i < raw.length; i++) {
            float v = raw[i];
            int iv = (int) v;
            if (iv != v) {
                throw new UserInputException("case " + id + ": label map value " + v + " is not an integer");
            }
            int cls;
            if (iv >= 0 && iv < 256) {
                cls = lut[iv];
                if (cls < 0) {
                    cls = mapping.classOf(iv);
                    lut[iv] = cls;
                }
            } else {
                cls = mapping.classOf(iv);
            }
            out[i] = cls;
        }
        return new Volume(label.nx(), label.ny(), label.nz(), 1, out, label.affine());
    }

    /** Class indices → raw label values of the mapping (for writing a restored prediction). */
    public static Volume toRawLabels(Volume classes, LabelMapping mapping) {
        float[] in = classes.data();
        float[] out = new float[in.length];
        int[] lut = new int[mapping.numClasses()];
        for (int c = 0; c < lut.length; c++) {
            lut[c] = mapping.rawLabelOf(c);
        }
        for (int i = 0; i < in.length; i++) {
            out[i] = lut[(int) in[i]];
        }
        return new Volume(classes.nx(), classes.ny(), classes.nz(), classes.channels(), out, classes.affine());
    }

    /**
     * Target shape: {@code round(N · spacing / target)} per axis (at least 1); the shape is kept when the spacing
     * already equals the target within 1e-6 relative.
     */
    public static int[] resampledShape(int[] shape, double[] spacing, double[] target) {
        int[] s = new int[3];
        for (int a = 0; a < 3; a++) {
            if (Math.abs(spacing[a] - target[a]) <= 1e-6 * target[a]) {
                s[a] = shape[a];
            } else {
                s[a] = Math.max(1, (int) Math.round(shape[a] * spacing[a] / target[a]));
            }
        }
        return s;
    }

    /** Bounding box {start, end(exclusive)} of voxels where any channel is non-zero; the whole grid if none is. */
    static int[][] nonZeroBox(Volume v) {
        int nx = v.nx();
        int ny = v.ny();
        int nz = v.nz();
        int[] lo = {nx, ny, nz};
        int[] hi = {-1, -1, -1};
        float[] d = v.data();
        int n = v.voxels();
        for (int c = 0; c < v.channels(); c++) {
            int o = c * n;
            for (int k = 0; k < nz; k++) {
                for (int j = 0; j < ny; j++) {
                    for (int i = 0; i < nx; i++, o++) {
                        if (d[o] != 0) {
                            if (i < lo[0]) lo[0] = i;
                            if (i > hi[0]) hi[0] = i;
                            if (j < lo[1]) lo[1] = j;
                            if (j > hi[1]) hi[1] = j;
                            if (k < lo[2]) lo[2] = k;
                            if (k > hi[2]) hi[2] = k;
                        }
                    }
                }
            }
        }
        if (hi[0] < 0) {
            return new int[][] {{0, 0, 0}, {nx, ny, nz}};
        }
        return new int[][] {lo, {hi[0] + 1, hi[1] + 1, hi[2] + 1}};
    }

    private static float[] crop(Volume v, int[] start, int[] size) {
        int n = size[0] * size[1] * size[2];
        float[] out = new float[n * v.channels()];
        float[] d = v.data();
        int o = 0;
        for (int c = 0; c < v.channels(); c++) {
            for (int k = 0; k < size[2]; k++) {
                for (int j = 0; j < size[1]; j++) {
                    System.arraycopy(d, v.index(start[0], start[1] + j, start[2] + k, c), out, o, size[0]);
                    o += size[0];
                }
            }
        }
        return out;
    }

    private void normalise(float[] img, int channels, int n) {
        if (plan.modality() == Modality.CT) {
            for (int c = 0; c < channels; c++) {
                ChannelIntensity ci = plan.intensities().get(c);
                float lo = (float) ci.clipLow();
                float hi = (float) ci.clipHigh();
                double mean = ci.mean();
                double std = ci.std();
                for (int i = c * n; i < (c + 1) * n; i++) {
                    float x = Math.min(hi, Math.max(lo, img[i]));
                    img[i] = (float) ((x - mean) / std);
                }
            }
            return;
        }
        boolean[] mask = new boolean[n];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                mask[i] |= img[c * n + i] != 0;
            }
        }
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            long count = 0;
            for (int i = 0; i < n; i++) {
                if (mask[i]) {
                    sum += img[c * n + i];
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            double mean = sum / count;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                if (mask[i]) {
                    double d = img[c * n + i] - mean;
                    ss += d * d;
                }
            }
            double std = Math.max(Math.sqrt(ss / count), 1e-8);
            for (int i = 0; i < n; i++) {
                img[c * n + i] = mask[i] ? (float) ((img[c * n + i] - mean) / std) : 0f;
            }
        }
    }

    /**
     * Per class c ≥ 1 a seeded sample (sorted) of the flat indices of its voxels: all of them when there are at
     * most {@code max}, else {@code max(max, ⌈1 % of them⌉)} drawn without replacement (nnU-Net's scheme).
     */
    static int[][] foregroundLocations(byte[] classes, int numClasses, int max, long seed) {
        int[] counts = new int[numClasses];
        for (byte b : classes) {
            counts[b]++;
        }
        int[][] all = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            all[c] = new int[c == 0 ? 0 : counts[c]];
        }
        int[] fill = new int[numClasses];
        for (int i = 0; i < classes.length; i++) {
            int c = classes[i];
            if (c > 0) {
                all[c][fill[c]++] = i;
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 1; c < numClasses; c++) {
            int[] a = all[c];
            int target = Math.max(Math.min(max, a.length), (int) Math.ceil(a.length * MIN_FOREGROUND_COVERAGE));
            if (target < a.length) {
                for (int i = 0; i < target; i++) {
                    PartialShuffle.step(a, 0, a.length, i, rng);
                }
                a = Arrays.copyOf(a, target);
                Arrays.sort(a);
                all[c] = a;
            }
        }
        return all;
    }
}
