package dev.fess.experiment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dataset of an experiment, as the spec lists it.
 *
 * @param name short name used in run ids (letters, digits, {@code . _ -})
 * @param path dataset folder, resolved against the spec file's folder
 * @param layout {@code brats|msd|abdomenct|npy}, or null to detect it
 * @param channels image channels to use, e.g. {@code [flair]}; empty = the dataset's default
 * @param labels label mapping name, e.g. {@code brats-whole-tumour}, {@code brats-regions}, {@code abdomen-organs}
 * @param testFraction share of the labelled cases held out as the test split (the same for every run)
 * @param valFraction share of the remaining cases used for validation during training (0 = none)
 * @param splitSeed seed of the test/validation split and of the nested training subsets, fixed per dataset
 */
public record DatasetEntry(String name, Path path, String layout, List<String> channels, String labels,
                           double testFraction, double valFraction, long splitSeed) {

    public DatasetEntry {
        channels = List.copyOf(channels);
    }

    /** The entry as a JSON/YAML-friendly map (keys as in the spec). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("path", path.toString());
        if (layout != null) {
            m.put("layout", layout);
        }
        m.put("channels", channels);
        m.put("labels", labels);
        m.put("test_fraction", testFraction);
        m.put("val_fraction", valFraction);
        m.put("split_seed", splitSeed);
        return m;
    }
}
