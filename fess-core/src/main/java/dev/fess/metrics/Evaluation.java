package dev.fess.metrics;

import dev.fess.UserInputException;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores many prediction/label pairs, cases in parallel on a bounded pool, and summarises per region.
 *
 * <p>Each case: both files are read, refused unless they have one channel, the same shape, affines that agree to
 * {@value #AFFINE_TOLERANCE} (largest absolute entry difference) and integer label values in 0..65535; then every
 * region is scored with {@link SegmentationMetrics} on the label's spacing. When no regions are given, the regions
 * are the non-zero values present in the labels or the predictions (over all cases): a value only predicted is
 * scored, with Dice 0, its voxels as false positives and undefined distances
 * ({@link EvaluationReport#predictionsAgainstEmptyLabels} lists such cases); a case where such a class is absent
 * from both files scores as "both empty". At most {@code threads} cases are in memory at once.
 *
 * <pre>{@code
 * EvaluationReport r = Evaluation.builder().reader(Nifti::readVolume).regions(Region.brats()).threads(2).build()
 *         .run(CasePairing.pair(predDir, labelDir));
 * }</pre>
 */
public final class Evaluation {
    /** Largest tolerated absolute difference between the affine entries of a prediction and its label. */
    public static final double AFFINE_TOLERANCE = 1e-3;

    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);
    private static final int MAX_LABEL = 65535;

    /** Reads a label volume from a file. */
    @FunctionalInterface
    public interface VolumeReader {
        Volume read(Path file) throws IOException;
    }

    private final VolumeReader reader;
    private final List<Region> regions;
    private final int threads;
    private final Consumer<String> onCaseDone;

    private Evaluation(Builder b) {
        this.reader = b.reader;
        this.regions = b.regions == null ? null : List.copyOf(b.regions);
        this.threads = b.threads;
        this.onCaseDone = b.onCaseDone;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of an {@link Evaluation}. */
    public static final class Builder {
        private VolumeReader reader;
        private List<Region> regions;
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private Consumer<String> onCaseDone = name -> {};

        /** How to read a file into a single-channel label volume (required). */
        public Builder reader(VolumeReader r) {
            this.reader = r;
            return this;
        }

        /** The regions to score; null (default) = every non-zero value present in the labels, one class each. */
        public Builder regions(List<Region> r) {
            this.regions = r;
            return this;
        }

        /** Cases scored at once (default: processors, at most 4). */
        public Builder threads(int n) {
            if (n < 1) {
                throw new UserInputException("threads must be at least 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** Called with the case name (from a worker thread) after each case, e.g. to step a progress bar. */
        public Builder onCaseDone(Consumer<String> c) {
            this.onCaseDone = c;
            return this;
        }

        /** The evaluation; the reader must have been set. */
        public Evaluation build() {
            if (reader == null) {
                throw new IllegalStateException("Evaluation needs a reader");
            }
            return new Evaluation(this);
        }
    }

    /**
     * One scored case before the default classes are known (the classes of the whole evaluation are the union of
     * every case's label values): what a worker sends back when cases are scored on other machines.
     */
    public record ScoredCase(
            String name,
            Map<Integer, SegmentationMetrics> byValue,
            Map<String, SegmentationMetrics> byRegion,
            BitSet labelValues,
            long voxels,
            double voxelVolume)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Scores all pairs and summarises them.
     *
     * @throws UserInputException for unreadable files, mismatched geometry or non-integer labels (first failure)
     */
    public EvaluationReport run(List<CasePairing.CasePair> pairs) throws IOException {
        LOG.info("evaluating {} case(s) on {} thread(s)", pairs.size(), threads);
        ScoredCase[] scored = new ScoredCase[pairs.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, pairs.size())), r -> {
            Thread t = new Thread(r, "fess-evaluate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < pairs.size(); c++) {
                int idx = c;
                futures.add(pool.submit(() -> {
                    scored[idx] = score(pairs.get(idx));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return report(List.of(scored));
    }

    /** The report of cases scored one by one with {@link #score} (in the order given). */
    public EvaluationReport report(List<ScoredCase> scored) {
        List<Region> used = regions;
        if (used == null) {
            BitSet all = new BitSet();
            for (ScoredCase s : scored) {
                all.or(s.labelValues);
                s.byValue.keySet().forEach(all::set); // values only predicted are false positives, never dropped
            }
            all.clear(0);
            used = Region.ofClasses(all.stream().toArray());
        }
        List<CaseResult> results = new ArrayList<>();
        for (ScoredCase s : scored) {
            Map<String, SegmentationMetrics> m = new LinkedHashMap<>();
            for (Region r : used) {
                if (regions != null) {
                    m.put(r.name(), s.byRegion.get(r.name()));
                } else {
                    SegmentationMetrics v = s.byValue.get(r.labels()[0]);
                    m.put(r.name(), v != null ? v : SegmentationMetrics.bothEmpty(s.voxels, s.voxelVolume));
                }
            }
            results.add(new CaseResult(s.name, m));
        }
        return new EvaluationReport(used, results);
    }

    /**
     * Scores one pair.
     *
     * @throws UserInputException for an unreadable file, mismatched geometry or non-integer labels
     */
    public ScoredCase score(CasePairing.CasePair pair) {
        Volume pred;
        Volume label;
        try {
            pred = reader.read(pair.prediction());
            label = reader.read(pair.label());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkGeometry(pred, pair.prediction(), label, pair.label());
        BitSet labelValues = labelValues(label, pair.label());
        BitSet predValues = labelValues(pred, pair.prediction());
        double[] spacing = label.spacing();
        Map<Integer, SegmentationMetrics> byValue = new LinkedHashMap<>();
        Map<String, SegmentationMetrics> byRegion = new LinkedHashMap<>();
        if (regions != null) {
            for (Region r : regions) {
                byRegion.put(
                        r.name(), SegmentationMetrics.compute(r.mask(pred), r.mask(label), label.shape(), spacing));
            }
        } else {
            BitSet values = (BitSet) labelValues.clone();
            values.or(predValues);
            values.clear(0);
            for (int v = values.nextSetBit(0); v >= 0; v = values.nextSetBit(v + 1)) {
                Region r = Region.ofClass(v);
                byValue.put(v, SegmentationMetrics.compute(r.mask(pred), r.mask(label), label.shape(), spacing));
            }
        }
        onCaseDone.accept(pair.name());
        return new ScoredCase(
                pair.name(), byValue, byRegion, labelValues, label.voxels(), spacing[0] * spacing[1] * spacing[2]);
    }

    /**
     * Refuses a pair whose channels, shapes or affines differ.
     *
     * @throws UserInputException naming both files
     */
    public static void checkGeometry(Volume pred, Path predFile, Volume label, Path labelFile) {
        if (pred.channels() != 1 || label.channels() != 1) {
            throw new UserInputException("prediction " + predFile + " and label " + labelFile
                    + " must have one channel each, got " + pred.channels() + " and " + label.channels());
        }
        if (!Arrays.equals(pred.shape(), label.shape())) {
            throw new UserInputException("prediction " + predFile + " has shape " + dims(pred) + " but label "
                    + labelFile + " has shape " + dims(label));
        }
        double d = pred.affine().maxAbsDifference(label.affine());
        if (!(d <= AFFINE_TOLERANCE)) {
            throw new UserInputException("prediction " + predFile + " and label " + labelFile
                    + " have different affines (largest entry difference " + String.format("%.4g", d)
                    + ", tolerance " + AFFINE_TOLERANCE + ")");
        }
    }

    private static String dims(Volume v) {
        return v.nx() + "×" + v.ny() + "×" + v.nz();
    }

    /** The set of values in a label volume; refuses non-integer or out-of-range values. */
    private static BitSet labelValues(Volume v, Path file) {
        float[] d = v.data();
        boolean[] seen = new boolean[MAX_LABEL + 1];
        for (float x : d) {
            int i = (int) x;
            if (i != x || i < 0 || i > MAX_LABEL) {
                throw new UserInputException(
                        file + ": label values must be integers in 0.." + MAX_LABEL + ", found " + x);
            }
            seen[i] = true;
        }
        BitSet b = new BitSet();
        for (int i = 0; i <= MAX_LABEL; i++) {
            if (seen[i]) {
                b.set(i);
            }
        }
        return b;
    }
}
