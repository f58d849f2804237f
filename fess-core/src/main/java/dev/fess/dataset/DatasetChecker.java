package dev.fess.dataset;

import dev.fess.UserInputException;
import dev.fess.volume.Orientation;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An integrity check of a dataset folder in the spirit of nnU-Net's {@code verify_dataset_integrity}, run before
 * training. It reads every file of every case (all channels, whatever a run selects) and reports:
 * <ul>
 *   <li>what the layout scan found: missing channels or labels, duplicate case ids, {@code dataset.json} paths
 *       outside the folder, masks without images;</li>
 *   <li>files that cannot be read;</li>
 *   <li>channels and label whose shape differs from the case's first image, or whose affine differs from it by more
 *       than {@value #AFFINE_TOLERANCE_MM} (largest absolute difference of the 4×4 entries, mm);</li>
 *   <li>a 4D image whose channel count differs from the dataset's, a label with more than one channel;</li>
 *   <li>label values that are not integers or not declared by the dataset;</li>
 *   <li>NaN or infinite voxels in images or labels.</li>
 * </ul>
 * It also summarises the data: label voxel counts, spacing and size ranges, orientations.
 */
public final class DatasetChecker {
    /** Largest accepted difference between an image's and its label's (or another channel's) affine, in mm. */
    public static final double AFFINE_TOLERANCE_MM = 1e-3;

    private static final Logger LOG = LoggerFactory.getLogger(DatasetChecker.class);

    private DatasetChecker() {}

    /** Opens {@code dir} with every channel and checks it. */
    public static CheckReport check(Path dir, Layout layoutOrNull, IntConsumer progress) throws IOException {
        return check(Datasets.open(dir, layoutOrNull, List.of()), progress);
    }

    /** The number of cases {@link #check(FolderDataset, IntConsumer)} will visit (for a progress bar). */
    public static int caseCount(FolderDataset ds) {
        return ds.trainingCases().size() + ds.testCases().size();
    }

    /**
     * Checks every case of {@code ds}.
     *
     * @param progress called with the number of cases done after each case (may be null)
     */
    public static CheckReport check(FolderDataset ds, IntConsumer progress) {
        State st = new State(ds);
        st.problems.addAll(ds.scanProblems());
        List<CaseFiles> all = new ArrayList<>(ds.trainingCases());
        all.addAll(ds.testCases());
        int done = 0;
        for (CaseFiles c : all) {
            st.checkCase(c);
            if (progress != null) {
                progress.accept(++done);
            }
        }
        LOG.info("checked {} cases of {}: {} problem(s)", all.size(), ds.root(), st.problems.size());
        CheckReport.Summary summary = new CheckReport.Summary(
                ds.modality(),
                ds.allChannelNames(),
                ds.labelNames(),
                st.labelVoxels,
                st.spacingMin,
                st.spacingMax,
                st.sizeMin,
                st.sizeMax,
                st.orientations);
        return new CheckReport(
                ds.root(),
                ds.layout(),
                ds.trainingCases().size(),
                ds.testCases().size(),
                st.problems,
                summary);
    }

    /**
     * The files of a dataset's cases that resolve (through links) to outside its folder, as
     * {@code relative/path → real target}. fess follows such links, as nnU-Net does (symlinked raw data is common);
     * {@code fess dataset check} lists them so that nobody reads data from elsewhere without knowing.
     */
    public static List<String> linksOutside(FolderDataset ds) {
        List<String> out = new ArrayList<>();
        Path root;
        try {
            root = ds.root().toRealPath();
        } catch (IOException e) {
            return out;
        }
        List<CaseFiles> all = new ArrayList<>(ds.trainingCases());
        all.addAll(ds.testCases());
        for (CaseFiles c : all) {
            List<Path> files = new ArrayList<>(c.images());
            if (c.label() != null) {
                files.add(c.label());
            }
            for (Path f : files) {
                try {
                    Path real = f.toRealPath();
                    if (!real.startsWith(root)) {
                        out.add(ds.relative(f) + " → " + real);
                    }
                } catch (IOException e) {
                    // a missing or unreadable file is reported by check()
                }
            }
        }
        return out;
    }

    private static final class State {
        final FolderDataset ds;
        final List<Problem> problems = new ArrayList<>();
        final Map<Integer, Long> labelVoxels = new TreeMap<>();
        final Map<String, Integer> orientations = new TreeMap<>();
        double[] spacingMin;
        double[] spacingMax;
        int[] sizeMin;
        int[] sizeMax;

        State(FolderDataset ds) {
            this.ds = ds;
        }

        void problem(String id, Path file, String what) {
            problems.add(new Problem(id, ds.relative(file), what));
        }

        void checkCase(CaseFiles c) {
            FolderDataset.RawCase raw = ds.rawCase(c.id());
            List<Path> files = new ArrayList<>();
            boolean combined = raw != null && raw.combined() != null;
            if (combined) {
                files.add(raw.combined());
            } else if (raw != null) {
                for (Path p : raw.channelFiles()) {
                    if (p != null) {
                        files.add(p);
                    }
                }
            } else {
                files.addAll(c.images());
            }
            int nChannels = ds.allChannelNames().size();
            Volume ref = null;
            Path refFile = null;
            for (Path f : files) {
                Volume v = read(c.id(), f, false);
                if (v == null) {
                    continue;
                }
                if (combined && v.channels() != nChannels) {
                    problem(
                            c.id(),
                            f,
                            "has " + v.channels() + " channels, the dataset declares " + nChannels + " ("
                                    + String.join(", ", ds.allChannelNames()) + ")");
                } else if (!combined && v.channels() != 1) {
                    problem(c.id(), f, "has " + v.channels() + " channels, expected one per file");
                }
                long bad = nonFinite(v.data());
                if (bad > 0) {
                    problem(c.id(), f, bad + " NaN or infinite voxel" + (bad == 1 ? "" : "s"));
                }
                if (ref == null) {
                    ref = v;
                    refFile = f;
                    summarise(v);
                } else {
                    compareGeometry(c.id(), f, v, refFile, ref, "image");
                }
            }
            if (c.label() == null) {
                return;
            }
            Volume label = read(c.id(), c.label(), true);
            if (label == null) {
                return;
            }
            if (ref != null) {
                compareGeometry(c.id(), c.label(), label, refFile, ref, "label");
            }
            checkLabelValues(c.id(), c.label(), label);
        }

        private Volume read(String id, Path f, boolean label) {
            try {
                return label ? ds.readLabel(f) : ds.readImage(f);
            } catch (UserInputException | IOException e) {
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                if (msg.startsWith(f.toString() + ": ")) {
                    msg = msg.substring(f.toString().length() + 2);
                }
                problem(id, f, "cannot read: " + msg);
                return null;
            }
        }

        private void compareGeometry(String id, Path f, Volume v, Path refFile, Volume ref, String what) {
            if (!Arrays.equals(v.shape(), ref.shape())) {
                problem(
                        id,
                        f,
                        what + " shape " + shape(v) + " differs from " + shape(ref) + " of " + ds.relative(refFile));
                return;
            }
            double d = v.affine().maxAbsDifference(ref.affine());
            if (d > AFFINE_TOLERANCE_MM) {
                problem(
                        id,
                        f,
                        what + " affine differs from that of " + ds.relative(refFile) + " by "
                                + String.format(Locale.ROOT, "%.4g", d) + " mm (tolerance "
                                + AFFINE_TOLERANCE_MM
                                + ")");
            }
        }

        private void checkLabelValues(String id, Path f, Volume label) {
            float[] d = label.data();
            long[] small = new long[256];
            Map<Integer, Long> other = new TreeMap<>();
            long nonInteger = 0;
            long nonFinite = 0;
            for (float v : d) {
                if (v >= 0 && v < 256 && v == (int) v) {
                    small[(int) v]++;
                } else if (!Float.isFinite(v)) {
                    nonFinite++;
                } else if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                    nonInteger++;
                } else {
                    other.merge((int) v, 1L, Long::sum);
                }
            }
            for (int v = 0; v < 256; v++) {
                if (small[v] > 0) {
                    other.merge(v, small[v], Long::sum);
                }
            }
            TreeSet<Integer> undeclared = new TreeSet<>();
            for (Map.Entry<Integer, Long> e : other.entrySet()) {
                labelVoxels.merge(e.getKey(), e.getValue(), Long::sum);
                if (!ds.labelNames().containsKey(e.getKey())) {
                    undeclared.add(e.getKey());
                }
            }
            if (!undeclared.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (int v : undeclared) {
                    sb.append(sb.length() == 0 ? "" : ", ")
                            .append(v)
                            .append(" (")
                            .append(other.get(v))
                            .append(" voxels)");
                }
                problem(
                        id,
                        f,
                        "label value" + (undeclared.size() == 1 ? " " : "s ") + sb
                                + (undeclared.size() == 1 ? " is" : " are") + " not declared (declared: "
                                + ds.labelNames().keySet().toString().replaceAll("[\\[\\]]", "") + ")");
            }
            if (nonInteger > 0) {
                problem(id, f, nonInteger + " label voxel" + (nonInteger == 1 ? " is" : "s are") + " not an integer");
            }
            if (nonFinite > 0) {
                problem(id, f, nonFinite + " NaN or infinite voxel" + (nonFinite == 1 ? "" : "s") + " in the label");
            }
        }

        private void summarise(Volume v) {
            double[] sp = v.spacing();
            int[] sz = v.shape();
            if (spacingMin == null) {
                spacingMin = sp.clone();
                spacingMax = sp.clone();
                sizeMin = sz.clone();
                sizeMax = sz.clone();
            }
            for (int d = 0; d < 3; d++) {
                spacingMin[d] = Math.min(spacingMin[d], sp[d]);
                spacingMax[d] = Math.max(spacingMax[d], sp[d]);
                sizeMin[d] = Math.min(sizeMin[d], sz[d]);
                sizeMax[d] = Math.max(sizeMax[d], sz[d]);
            }
            orientations.merge(Orientation.axcodes(v.affine()), 1, Integer::sum);
        }

        private static long nonFinite(float[] d) {
            long n = 0;
            for (float v : d) {
                if (!Float.isFinite(v)) {
                    n++;
                }
            }
            return n;
        }

        private static String shape(Volume v) {
            int[] s = v.shape();
            return s[0] + "×" + s[1] + "×" + s[2];
        }
    }
}
