package dev.fess.preprocess;

import dev.fess.UserInputException;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Dataset;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.Modality;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Derives a {@link PreprocessPlan} from the training cases, nnU-Net style.
 *
 * <ul>
 *   <li>Target spacing: the median over cases of each RAS axis's spacing (unless given).</li>
 *   <li>CT intensities: every 10th foreground voxel (class index &gt; 0, in memory order) of every case — fewer
 *       when a case has more than {@value #MAX_SAMPLES_PER_CASE}·10 foreground voxels, so one huge case cannot
 *       dominate — then per channel the 0.5 and 99.5 percentiles (linear interpolation, as numpy) and the mean
 *       and standard deviation of those samples. Deterministic: no random sampling.</li>
 * </ul>
 * Cases are consumed one at a time, so a dataset larger than memory can be planned from an iterator.
 */
public final class PreprocessPlanner {
    /** Stride of the foreground voxel sample used for CT statistics. */
    public static final int FOREGROUND_STRIDE = 10;
    /** Upper bound of samples taken from one case. */
    public static final int MAX_SAMPLES_PER_CASE = 100_000;

    private PreprocessPlanner() {}

    /** Plans from cases in memory. */
    public static PreprocessPlan plan(
            List<LoadedCase> cases, Modality modality, LabelMapping mapping, Optional<double[]> spacing) {
        return plan(cases.iterator(), modality, mapping, spacing);
    }

    /** Plans from the given cases of a dataset, reading them one at a time. */
    public static PreprocessPlan plan(
            Dataset dataset, List<CaseFiles> cases, LabelMapping mapping, Optional<double[]> spacing) {
        Iterator<CaseFiles> files = cases.iterator();
        Iterator<LoadedCase> loaded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return files.hasNext();
            }

            @Override
            public LoadedCase next() {
                try {
                    return dataset.load(files.next());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return plan(loaded, dataset.modality(), mapping, spacing);
    }

    /**
     * Plans from a stream of cases.
     *
     * @param spacing a target spacing (RAS order, mm) to use instead of the median
     */
    public static PreprocessPlan plan(
            Iterator<LoadedCase> cases, Modality modality, LabelMapping mapping, Optional<double[]> spacing) {
        List<double[]> spacings = new ArrayList<>();
        int channels = -1;
        FloatSamples[] samples = null;
        while (cases.hasNext()) {
            LoadedCase c = cases.next();
            Volume img = c.image();
            if (channels < 0) {
                channels = img.channels();
                samples = new FloatSamples[channels];
                for (int ch = 0; ch < channels; ch++) {
                    samples[ch] = new FloatSamples();
                }
            } else if (img.channels() != channels) {
                throw new UserInputException("case " + c.id() + ": expected " + channels + " channels like the"
                        + " cases before it, got " + img.channels());
            }
            spacings.add(Reorientation.toRas(img.affine()).rasSpacing(img.spacing()));
            if (modality == Modality.CT) {
                if (c.label() == null) {
                    throw new UserInputException("case " + c.id() + ": CT statistics need a label map, got none");
                }
                sampleForeground(c, mapping, samples);
            }
        }
        if (channels < 0) {
            throw new UserInputException("cannot plan preprocessing: expected at least one case, got none");
        }
        double[] target = spacing.map(double[]::clone).orElseGet(() -> medianSpacing(spacings));
        List<ChannelIntensity> intensities = new ArrayList<>();
        if (modality == Modality.CT) {
            for (int ch = 0; ch < channels; ch++) {
                intensities.add(samples[ch].statistics("channel " + ch));
            }
        }
        return new PreprocessPlan(
                PreprocessPlan.ALGORITHM_VERSION,
                modality,
                channels,
                target,
                intensities,
                mapping.name(),
                mapping.numClasses(),
                LabelResampling.NEAREST,
                PreprocessPlan.DEFAULT_FOREGROUND_SAMPLES);
    }

    /** Median per axis (mean of the two middle values for an even count, as numpy). */
    static double[] medianSpacing(List<double[]> spacings) {
        double[] m = new double[3];
        for (int a = 0; a < 3; a++) {
            double[] v = new double[spacings.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = spacings.get(i)[a];
            }
            Arrays.sort(v);
            int h = v.length / 2;
            m[a] = v.length % 2 == 1 ? v[h] : 0.5 * (v[h - 1] + v[h]);
        }
        return m;
    }

    private static void sampleForeground(LoadedCase c, LabelMapping mapping, FloatSamples[] samples) {
        Volume cls = Preprocessor.toClasses(c.id(), c.label(), mapping);
        if (!Arrays.equals(cls.shape(), c.image().shape())) {
            throw new UserInputException("case " + c.id() + ": label map shape " + Arrays.toString(cls.shape())
                    + " differs from image shape " + Arrays.toString(c.image().shape()));
        }
        float[] lab = cls.data();
        int fg = 0;
        for (float v : lab) {
            if (v > 0) {
                fg++;
            }
        }
        int stride = Math.max(FOREGROUND_STRIDE, (int) Math.ceil((double) fg / MAX_SAMPLES_PER_CASE));
        float[] img = c.image().data();
        int n = lab.length;
        int seen = 0;
        for (int i = 0; i < n; i++) {
            if (lab[i] > 0) {
                if (seen % stride == 0) {
                    for (int ch = 0; ch < samples.length; ch++) {
                        samples[ch].add(img[ch * n + i]);
                    }
                }
                seen++;
            }
        }
    }

    /** A growable float list with the statistics the CT plan needs. */
    static final class FloatSamples {
        private float[] v = new float[1024];
        private int n;

        void add(float x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, v.length * 2);
            }
            v[n++] = x;
        }

        ChannelIntensity statistics(String what) {
            if (n == 0) {
                throw new UserInputException("cannot compute CT intensity statistics of " + what
                        + ": expected foreground voxels (label > 0) in the training cases, got none");
            }
            float[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            double sum = 0;
            for (float x : s) {
                sum += x;
            }
            double mean = sum / n;
            double ss = 0;
            for (float x : s) {
                ss += (x - mean) * (x - mean);
            }
            double std = Math.max(Math.sqrt(ss / n), 1e-8);
            return new ChannelIntensity(percentile(s, 0.5), percentile(s, 99.5), mean, std);
        }

        /** numpy's default (linear) percentile of sorted values. */
        static double percentile(float[] sorted, double q) {
            double pos = q / 100.0 * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, sorted.length - 1);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }
    }
}
