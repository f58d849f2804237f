package dev.fess.infer;

import dev.fess.UserInputException;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.FolderDataset;
import dev.fess.dataset.LoadedCase;
import dev.fess.image.ImageFiles;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cases a {@code --input} of {@code fess predict} names, as plain serialisable descriptions (so that another
 * machine can load them from shared storage):
 * <ul>
 *   <li>one NIfTI file, or several channel files of one case separated by commas;</li>
 *   <li>a folder of nnU-Net-style {@code CASE_0000.nii.gz} files (one case per prefix, channels by number);</li>
 *   <li>a dataset folder of any layout {@link Datasets#open} recognises (training cases, then test cases);</li>
 *   <li>a list file (any file that is not an image {@link ImageFiles} reads; {@link #fromListFile}): one case per
 *       line, each line what {@code --input} takes for one case.</li>
 * </ul>
 */
public final class PredictionInputs {
    private static final Pattern NNUNET = Pattern.compile("(.+)_(\\d{4})\\.nii(\\.gz)?");
    private static final Pattern CHANNEL_SUFFIX = Pattern.compile("(.+)_\\d{4}");
    private static final Map<Path, FolderDataset> DATASETS = new ConcurrentHashMap<>();

    private PredictionInputs() {}

    /**
     * One case to predict.
     *
     * @param id case id (the output is {@code id.nii.gz})
     * @param files channel files, in channel order (for a dataset case: its image files)
     * @param datasetRoot the dataset folder when the case comes from a dataset, else null
     */
    public record PredictionCase(String id, List<String> files, String datasetRoot) implements Serializable {
        private static final long serialVersionUID = 1L;

        public PredictionCase {
            files = List.copyOf(files);
        }
    }

    /**
     * The cases of a {@code --input} value.
     *
     * @param channels the channel names the model was trained on (to open dataset folders)
     */
    public static List<PredictionCase> list(String input, List<String> channels) throws IOException {
        if (input.contains(",")) {
            return List.of(oneCase(input, "input"));
        }
        Path in = Path.of(input);
        if (Files.isRegularFile(in) && !isImage(in)) {
            return fromListFile(in);
        }
        if (Files.isRegularFile(in)) {
            return List.of(new PredictionCase(caseName(in), List.of(in.toString()), null));
        }
        if (!Files.isDirectory(in)) {
            throw UserInputException.ofSetting("input", "input " + in + ": no such file or directory");
        }
        Map<String, TreeMap<Integer, Path>> nnunet = new TreeMap<>();
        boolean onlyNnunet = true;
        try (Stream<Path> s = Files.list(in)) {
            for (Path f : s.sorted().toList()) {
                if (!Files.isRegularFile(f)) {
                    onlyNnunet = false;
                    continue;
                }
                String name = f.getFileName().toString();
                Matcher m = NNUNET.matcher(name);
                if (m.matches()) {
                    nnunet.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), f);
                } else if (name.endsWith(".nii") || name.endsWith(".nii.gz")) {
                    onlyNnunet = false;
                }
            }
        }
        List<PredictionCase> cases = new ArrayList<>();
        if (!nnunet.isEmpty() && onlyNnunet) {
            nnunet.forEach((id, files) -> cases.add(new PredictionCase(
                    id, files.values().stream().map(Path::toString).toList(), null)));
            return cases;
        }
        FolderDataset ds = Datasets.open(in, null, channels);
        String root = in.toAbsolutePath().normalize().toString();
        for (CaseFiles c : ds.trainingCases()) {
            cases.add(new PredictionCase(
                    c.id(), c.images().stream().map(Path::toString).toList(), root));
        }
        for (CaseFiles c : ds.testCases()) {
            cases.add(new PredictionCase(
                    c.id(), c.images().stream().map(Path::toString).toList(), root));
        }
        return cases;
    }

    /**
     * The cases of a list file: one per line, a file or comma-separated channel files of one case (as
     * {@code fess predict --input} takes them); blank lines and lines starting with {@code #} are skipped.
     * Relative paths are relative to the list file's folder.
     */
    public static List<PredictionCase> fromListFile(Path list) throws IOException {
        List<PredictionCase> cases = new ArrayList<>();
        Path base = list.toAbsolutePath().getParent();
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> files = new ArrayList<>();
            for (String part : line.split(",")) {
                files.add(base.resolve(part.strip()).toString());
            }
            cases.add(oneCase(String.join(",", files), list + " line " + (i + 1)));
        }
        if (cases.isEmpty()) {
            throw new UserInputException(
                    list + ": the list names no case (one file or comma-separated channel " + "files per line)");
        }
        return cases;
    }

    private static PredictionCase oneCase(String commaSeparated, String where) {
        List<Path> files = Stream.of(commaSeparated.split(","))
                .map(String::trim)
                .map(Path::of)
                .toList();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UserInputException(where + " " + f + ": no such file");
            }
        }
        return new PredictionCase(
                caseName(files.get(0)), files.stream().map(Path::toString).toList(), null);
    }

    /**
     * Reads a case's image.
     *
     * @param channels the channel names the model was trained on
     * @param expectedChannels the number of input channels of the model
     */
    public static LoadedCase load(PredictionCase c, List<String> channels, int expectedChannels) throws IOException {
        if (c.datasetRoot() != null) {
            FolderDataset ds = dataset(Path.of(c.datasetRoot()), channels);
            CaseFiles files = Stream.concat(ds.trainingCases().stream(), ds.testCases().stream())
                    .filter(f -> f.id().equals(c.id()))
                    .findFirst()
                    .orElseThrow(() -> new UserInputException(c.datasetRoot() + ": no case " + c.id()));
            return new LoadedCase(c.id(), ds.load(files).image(), null);
        }
        List<Volume> parts = new ArrayList<>();
        for (String f : c.files()) {
            parts.add(ImageFiles.readVolume(Path.of(f)));
        }
        Volume image = Volume.stack(parts.toArray(Volume[]::new));
        if (image.channels() != expectedChannels) {
            throw new UserInputException(c.files().get(0) + ": the model needs " + expectedChannels + " channel(s) "
                    + channels + ", case " + c.id() + " has " + image.channels());
        }
        return new LoadedCase(c.id(), image, null);
    }

    /** A dataset folder opened once per process (a cluster executor loads many of its cases). */
    private static FolderDataset dataset(Path root, List<String> channels) throws IOException {
        FolderDataset ds = DATASETS.get(root);
        if (ds == null) {
            ds = Datasets.open(root, null, channels);
            DATASETS.put(root, ds);
        }
        return ds;
    }

    private static boolean isImage(Path f) {
        return ImageFiles.isImage(f);
    }

    /** The case id of a channel file: the file name without {@code .nii[.gz]} and an nnU-Net {@code _0000}. */
    public static String caseName(Path f) {
        String stem = ImageFiles.stem(f);
        String n = stem == null ? f.getFileName().toString() : stem;
        Matcher m = CHANNEL_SUFFIX.matcher(n);
        return m.matches() ? m.group(1) : n;
    }
}
