package dev.fess.synth;

import dev.fess.dataset.LoadedCase;
import dev.fess.volume.Volume;
import java.util.List;

/**
 * The simplest possible segmenter, used to check that a synthetic task needs learning: one global threshold on a
 * per-case normalised intensity channel, foreground = every raw label &gt; 0 (for BraTS: the whole tumour).
 *
 * <p>Normalisation is a z-score over the case's non-zero voxels of that channel, {@code z = (x − μ)/σ} (MRI
 * convention: background 0 excluded). {@link #fit} grid-searches the threshold {@code t ∈ [−3, 8]} in steps of 0.01
 * that maximises the mean Dice {@code 2|P∩G| / (|P| + |G|)} of the prediction {@code P = {z > t}} over the training
 * cases; {@link #meanDice} then scores that fixed threshold on other cases.
 */
public final class ThresholdBaseline {
    private static final double LOW = -3;
    private static final double HIGH = 8;
    private static final double STEP = 0.01;

    private final int channel;
    private final double threshold;

    private ThresholdBaseline(int channel, double threshold) {
        this.channel = channel;
        this.threshold = threshold;
    }

    /** A baseline with a given threshold on normalised intensity (no fitting). */
    public static ThresholdBaseline of(int channel, double threshold) {
        return new ThresholdBaseline(channel, threshold);
    }

    /** Chooses the threshold maximising mean Dice on {@code training} (labelled cases, at least one). */
    public static ThresholdBaseline fit(List<LoadedCase> training, int channel) {
        if (training.isEmpty()) {
            throw new IllegalArgumentException("need at least one training case");
        }
        int bins = (int) Math.round((HIGH - LOW) / STEP) + 1;
        double[] sumDice = new double[bins];
        for (LoadedCase c : training) {
            float[] z = normalise(c.image(), channel);
            float[] lab = c.label().data();
            // hist[b]: voxels with z in [LOW + b·STEP, LOW + (b+1)·STEP); the last bin collects everything above
            long[] all = new long[bins + 1];
            long[] fg = new long[bins + 1];
            long truth = 0;
            for (int v = 0; v < z.length; v++) {
                double pos = (z[v] - LOW) / STEP;
                int b = pos < 0 ? 0 : (int) Math.min(bins, Math.floor(pos) + 1); // bin 0 = below LOW
                all[b]++;
                if (lab[v] > 0) {
                    fg[b]++;
                    truth++;
                }
            }
            // threshold m (t = LOW + m·STEP) predicts bins m+1 … bins (z ≥ t, up to ties at the bin edge)
            long predicted = 0, hit = 0;
            for (int m = bins - 1; m >= 0; m--) {
                predicted += all[m + 1];
                hit += fg[m + 1];
                sumDice[m] += dice(hit, predicted, truth);
            }
        }
        int best = 0;
        for (int m = 1; m < bins; m++) {
            if (sumDice[m] > sumDice[best]) {
                best = m;
            }
        }
        return new ThresholdBaseline(channel, LOW + best * STEP);
    }

    public int channel() {
        return channel;
    }

    /** The threshold on z-scored intensity. */
    public double threshold() {
        return threshold;
    }

    /** The binary prediction {@code z > t} as a 0/1 single-channel volume on the image grid. */
    public Volume predict(Volume image) {
        float[] z = normalise(image, channel);
        float[] out = new float[z.length];
        for (int v = 0; v < z.length; v++) {
            out[v] = z[v] > threshold ? 1 : 0;
        }
        return new Volume(image.nx(), image.ny(), image.nz(), 1, out, image.affine());
    }

    /** Dice of the prediction against label &gt; 0 on one case (1 when both are empty). */
    public double dice(LoadedCase c) {
        float[] z = normalise(c.image(), channel);
        float[] lab = c.label().data();
        long hit = 0, predicted = 0, truth = 0;
        for (int v = 0; v < z.length; v++) {
            boolean p = z[v] > threshold;
            boolean g = lab[v] > 0;
            predicted += p ? 1 : 0;
            truth += g ? 1 : 0;
            hit += p && g ? 1 : 0;
        }
        return dice(hit, predicted, truth);
    }

    /** Mean Dice over cases. */
    public double meanDice(List<LoadedCase> cases) {
        double s = 0;
        for (LoadedCase c : cases) {
            s += dice(c);
        }
        return s / cases.size();
    }

    private static double dice(long hit, long predicted, long truth) {
        return predicted + truth == 0 ? 1 : 2.0 * hit / (predicted + truth);
    }

    /** One channel z-scored over its non-zero voxels; zero voxels map to −∞ (never foreground). */
    static float[] normalise(Volume image, int channel) {
        int n = image.voxels();
        float[] d = image.data();
        int off = channel * n;
        double sum = 0, sum2 = 0;
        long count = 0;
        for (int v = 0; v < n; v++) {
            float x = d[off + v];
            if (x != 0) {
                sum += x;
                sum2 += (double) x * x;
                count++;
            }
        }
        double mean = count == 0 ? 0 : sum / count;
        double var = count == 0 ? 0 : Math.max(0, sum2 / count - mean * mean);
        double sd = var > 0 ? Math.sqrt(var) : 1;
        float[] z = new float[n];
        for (int v = 0; v < n; v++) {
            float x = d[off + v];
            z[v] = x == 0 ? Float.NEGATIVE_INFINITY : (float) ((x - mean) / sd);
        }
        return z;
    }
}
