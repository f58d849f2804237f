package dev.fess.dataset;

import dev.fess.UserInputException;
import dev.fess.image.ImageFiles;
import dev.fess.npy.Npy;
import dev.fess.npy.NpyArray;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dataset folder of any {@link Layout}, as found by {@link Datasets#open}. Besides the {@link Dataset} view it
 * keeps everything the layout scan noticed ({@link #scanProblems()}: missing channels, duplicate ids, paths
 * outside the folder) and the full channel list, which {@link DatasetChecker} uses.
 */
public final class FolderDataset implements Dataset {
    private static final Logger LOG = LoggerFactory.getLogger(FolderDataset.class);

    /**
     * A case as the layout scan found it: one file per dataset channel (null if missing), or one 4D file; the
     * group is the folder grouping it (BraTS {@code HGG}/{@code LGG}) or null.
     */
    record RawCase(String id, List<Path> channelFiles, Path combined, Path label, String group) {
        RawCase {
            channelFiles =
                    channelFiles == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(channelFiles));
        }

        RawCase(String id, List<Path> channelFiles, Path combined, Path label) {
            this(id, channelFiles, combined, label, null);
        }
    }

    /** What a layout scanner found. */
    static final class Scan {
        Modality modality = Modality.MRI;
        List<String> channels = new ArrayList<>();
        Map<Integer, String> labels = new LinkedHashMap<>();
        final List<RawCase> training = new ArrayList<>();
        final List<RawCase> test = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        /** Aliases accepted by channel selection, lower case alias → channel name. */
        final Map<String, String> aliases = new LinkedHashMap<>();

        double[] spacing = {1, 1, 1};
    }

    private final Path root;
    private final Layout layout;
    private final Scan scan;
    private final int[] selected;
    private final List<String> selectedNames;
    private final List<CaseFiles> training;
    private final List<CaseFiles> test;
    private final List<Problem> problems;
    private final Set<Path> combinedFiles = new HashSet<>();
    private final Map<String, RawCase> rawById = new LinkedHashMap<>();

    FolderDataset(Path root, Layout layout, Scan scan, List<String> channelSelection) {
        this.root = root;
        this.layout = layout;
        this.scan = scan;
        this.selected = select(scan, channelSelection, root);
        List<String> names = new ArrayList<>();
        for (int c : selected) {
            names.add(scan.channels.get(c));
        }
        this.selectedNames = List.copyOf(names);
        this.problems = new ArrayList<>(scan.problems);
        this.training = cases(scan.training);
        this.test = cases(scan.test);
        if (!problems.isEmpty()) {
            LOG.warn(
                    "{}: {} problem(s) found while scanning the folder; run `fess dataset check {}`",
                    root,
                    problems.size(),
                    root);
        }
    }

    private List<CaseFiles> cases(List<RawCase> raw) {
        List<CaseFiles> out = new ArrayList<>();
        for (RawCase r : raw) {
            rawById.put(r.id(), r);
            if (r.combined() != null) {
                combinedFiles.add(r.combined());
                out.add(new CaseFiles(r.id(), List.of(r.combined()), r.label(), r.group()));
                continue;
            }
            List<Path> files = new ArrayList<>();
            boolean complete = true;
            for (int c : selected) {
                Path p = r.channelFiles().get(c);
                if (p == null) {
                    complete = false;
                } else {
                    files.add(p);
                }
            }
            if (complete) {
                out.add(new CaseFiles(r.id(), files, r.label(), r.group()));
            }
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return List.copyOf(out);
    }

    private static int[] select(Scan scan, List<String> selection, Path root) {
        if (selection == null || selection.isEmpty()) {
            int[] all = new int[scan.channels.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[selection.size()];
        for (int s = 0; s < selection.size(); s++) {
            String want = selection.get(s).trim().toLowerCase(Locale.ROOT);
            String aliased = scan.aliases.getOrDefault(want, want);
            int found = -1;
            for (int c = 0; c < scan.channels.size(); c++) {
                String have = scan.channels.get(c).toLowerCase(Locale.ROOT);
                if (have.equals(want) || have.equals(aliased.toLowerCase(Locale.ROOT))) {
                    found = c;
                }
            }
            if (found < 0) {
                throw new UserInputException("channels: " + root + " has no channel '" + selection.get(s)
                        + "' (available: " + String.join(", ", scan.channels) + ")");
            }
            out[s] = found;
        }
        return out;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Layout layout() {
        return layout;
    }

    @Override
    public Modality modality() {
        return scan.modality;
    }

    @Override
    public List<String> channelNames() {
        return selectedNames;
    }

    /** All channels the dataset has, whatever was selected. */
    public List<String> allChannelNames() {
        return List.copyOf(scan.channels);
    }

    @Override
    public Map<Integer, String> labelNames() {
        return Collections.unmodifiableMap(scan.labels);
    }

    @Override
    public List<CaseFiles> trainingCases() {
        return training;
    }

    @Override
    public List<CaseFiles> testCases() {
        return test;
    }

    /** Problems seen while scanning (cases missing a selected channel are left out of the case lists). */
    public List<Problem> scanProblems() {
        return List.copyOf(problems);
    }

    /** Voxel spacing given to {@code .npy} arrays (which carry none). */
    public double[] npySpacing() {
        return scan.spacing.clone();
    }

    /** What the layout scan found (read only). */
    Scan scan() {
        return scan;
    }

    /** The case as scanned, with every channel's file (null where missing), or null for an unknown id. */
    RawCase rawCase(String id) {
        return rawById.get(id);
    }

    /** Whether {@code file} holds all channels of a case in one 4D image. */
    boolean isCombined(Path file) {
        return combinedFiles.contains(file);
    }

    /** {@code file} relative to the dataset folder, for messages. */
    String relative(Path file) {
        if (file == null) {
            return "-";
        }
        Path f = file.toAbsolutePath().normalize();
        Path r = root.toAbsolutePath().normalize();
        return f.startsWith(r) ? r.relativize(f).toString() : file.toString();
    }

    @Override
    public LoadedCase load(CaseFiles c) throws IOException {
        Volume image;
        if (c.images().size() == 1 && isCombined(c.images().get(0))) {
            Volume all = readImage(c.images().get(0));
            if (all.channels() != scan.channels.size()) {
                throw new UserInputException(c.images().get(0) + ": expected " + scan.channels.size() + " channels ("
                        + String.join(", ", scan.channels) + "), the image has " + all.channels());
            }
            if (selected.length == all.channels() && isIdentity(selected)) {
                image = all;
            } else {
                Volume[] parts = new Volume[selected.length];
                for (int s = 0; s < selected.length; s++) {
                    parts[s] = all.channel(selected[s]);
                }
                image = parts.length == 1 ? parts[0] : Volume.stack(parts);
            }
        } else {
            Volume[] parts = new Volume[c.images().size()];
            for (int s = 0; s < parts.length; s++) {
                parts[s] = readImage(c.images().get(s));
                if (s > 0 && !Arrays.equals(parts[s].shape(), parts[0].shape())) {
                    throw new UserInputException(c.images().get(s) + ": shape "
                            + Arrays.toString(parts[s].shape()) + " differs from "
                            + Arrays.toString(parts[0].shape()) + " of "
                            + c.images().get(0));
                }
            }
            image = parts.length == 1 ? parts[0] : Volume.stack(parts);
        }
        Volume label = null;
        if (c.label() != null) {
            label = readLabel(c.label());
            if (!Arrays.equals(label.shape(), image.shape())) {
                throw new UserInputException(c.label() + ": label shape " + Arrays.toString(label.shape())
                        + " differs from image shape " + Arrays.toString(image.shape()));
            }
        }
        return new LoadedCase(c.id(), image, label);
    }

    private static boolean isIdentity(int[] sel) {
        for (int i = 0; i < sel.length; i++) {
            if (sel[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Reads one image file: NIfTI or MetaImage ({@link ImageFiles}), or {@code .npy} with this dataset's spacing. */
    Volume readImage(Path file) throws IOException {
        if (isNpy(file)) {
            NpyArray a = Npy.read(file);
            try {
                return a.toVolume(Affine.scaling(scan.spacing[0], scan.spacing[1], scan.spacing[2]));
            } catch (UserInputException e) {
                throw new UserInputException(file + ": " + e.getMessage(), e);
            }
        }
        return ImageFiles.readVolume(file);
    }

    /**
     * Reads one label file as a single-channel raw label map. A multi-channel {@code .npy} mask is read as one-hot
     * (channels-last, as Keras' {@code to_categorical} writes it): the label is the index of the largest channel.
     */
    Volume readLabel(Path file) throws IOException {
        Volume v = readImage(file);
        if (v.channels() == 1) {
            return v;
        }
        if (!isNpy(file)) {
            throw new UserInputException(file + ": a label map must have one channel, this one has " + v.channels());
        }
        int n = v.voxels();
        float[] d = v.data();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < v.channels(); c++) {
                if (d[i + c * n] > d[i + best * n]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return new Volume(v.nx(), v.ny(), v.nz(), 1, out, v.affine());
    }

    static boolean isNpy(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    @Override
    public String toString() {
        return layout + " dataset " + root + " (" + training.size() + " training, " + test.size() + " test cases, "
                + "channels " + selectedNames + ")";
    }
}
