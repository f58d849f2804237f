package dev.fess.metrics;

import dev.fess.UserInputException;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Pairs prediction and label files by case name, nnU-Net style: the case name is the file name without
 * {@code .nii.gz} or {@code .nii}, and {@code pred/CASE.nii.gz} is scored against {@code label/CASE.nii.gz}.
 */
public final class CasePairing {
    /** One case to score. */
    public record CasePair(String name, Path prediction, Path label) {}

    private CasePairing() {}

    /** The case name of a NIfTI file, or null when the name does not end in {@code .nii.gz} / {@code .nii}. */
    public static String caseName(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(".nii.gz")) {
            return n.substring(0, n.length() - ".nii.gz".length());
        }
        if (n.endsWith(".nii")) {
            return n.substring(0, n.length() - ".nii".length());
        }
        return null;
    }

    /**
     * Pairs two files, or every NIfTI file of two directories, sorted by case name.
     *
     * @throws UserInputException when a path is missing, one is a file and the other a directory, a prediction has
     *     no label, or labels have no prediction (all named in the one-line message)
     */
    public static List<CasePair> pair(Path pred, Path label) throws IOException {
        if (!Files.exists(pred)) {
            throw UserInputException.ofSetting("pred", "pred: no such file or directory: " + pred);
        }
        if (!Files.exists(label)) {
            throw UserInputException.ofSetting("label", "label: no such file or directory: " + label);
        }
        boolean pd = Files.isDirectory(pred);
        boolean ld = Files.isDirectory(label);
        if (pd != ld) {
            throw new UserInputException(
                    "pred " + pred + " and label " + label + " must both be files or both be directories");
        }
        if (!pd) {
            String name = caseName(pred);
            return List.of(new CasePair(name == null ? pred.getFileName().toString() : name, pred, label));
        }
        Map<String, Path> preds = listCases(pred, "pred");
        Map<String, Path> labels = listCases(label, "label");
        boolean labelDataset = false;
        if (labels.isEmpty()) {
            labels = datasetLabels(label);
            labelDataset = !labels.isEmpty();
        }
        if (preds.isEmpty()) {
            throw UserInputException.ofSetting("pred", "pred: no .nii.gz or .nii file in " + pred);
        }
        List<CasePair> pairs = new ArrayList<>();
        for (Map.Entry<String, Path> e : preds.entrySet()) {
            Path l = labels.get(e.getKey());
            if (l == null) {
                throw new UserInputException("prediction " + e.getValue() + " has no label in " + label + " (expected "
                        + e.getKey() + ".nii.gz or " + e.getKey() + ".nii)");
            }
            pairs.add(new CasePair(e.getKey(), e.getValue(), l));
        }
        List<String> unpredicted = new ArrayList<>();
        for (String c : labels.keySet()) {
            if (!preds.containsKey(c)) {
                unpredicted.add(c);
            }
        }
        if (!unpredicted.isEmpty() && !labelDataset) {
            String names = String.join(", ", unpredicted.subList(0, Math.min(5, unpredicted.size())))
                    + (unpredicted.size() > 5 ? " and " + (unpredicted.size() - 5) + " more" : "");
            throw new UserInputException(
                    unpredicted.size() + " label(s) in " + label + " have no prediction in " + pred + ": " + names);
        }
        return pairs;
    }

    /**
     * The label files of a dataset folder in a NIfTI layout (BraTS, MSD / nnU-Net, AbdomenCT-1K), by case id; empty
     * when the folder is not such a dataset. Predictions may then cover any subset of its cases (a test split).
     */
    private static Map<String, Path> datasetLabels(Path dir) throws IOException {
        Layout layout;
        try {
            layout = Datasets.detect(dir);
        } catch (IOException | UserInputException e) {
            return Map.of();
        }
        if (layout == null || layout == Layout.NPY) {
            return Map.of();
        }
        Map<String, Path> m = new TreeMap<>();
        for (CaseFiles c : Datasets.open(dir, layout, List.of()).trainingCases()) {
            m.put(c.id(), c.label());
        }
        return m;
    }

    private static Map<String, Path> listCases(Path dir, String option) throws IOException {
        Map<String, Path> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String name = caseName(p);
                if (name == null
                        || name.isEmpty()
                        || p.getFileName().toString().startsWith(".")
                        || !Files.isRegularFile(p)) {
                    continue;
                }
                Path prev = m.put(name, p);
                if (prev != null) {
                    throw UserInputException.ofSetting(
                            option,
                            option + ": case " + name + " appears twice in " + dir + " (" + prev.getFileName() + " and "
                                    + p.getFileName() + ")");
                }
            }
        }
        return m;
    }
}
