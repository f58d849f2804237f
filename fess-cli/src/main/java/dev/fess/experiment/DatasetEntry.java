package dev.fess.experiment;

import dev.fess.dataset.DatasetSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One dataset of an experiment, as the spec lists it.
 *
 * @param name short name used in run ids (letters, digits, {@code . _ -})
 * @param path dataset folder, resolved against the spec file's folder; null for a combined dataset
 * @param layout {@code brats|msd|abdomenct|npy}, or null to detect it (null for a combined dataset)
 * @param sources the folders of a combined dataset ({@code sources:} in the spec, at least two), cases present
 *     twice kept once; empty for a single folder
 * @param channels image channels to use, e.g. {@code [flair]}; empty = the dataset's default
 * @param labels label mapping name, e.g. {@code brats-whole-tumour}, {@code brats-regions}, {@code abdomen-organs}
 * @param testFraction share of the labelled cases held out as the test split (the same for every run)
 * @param valFraction share of the remaining cases used for validation during training (0 = none)
 * @param splitSeed seed of the test/validation split and of the nested training subsets, fixed per dataset
 */
public record DatasetEntry(
        String name,
        Path path,
        String layout,
        List<DatasetSource> sources,
        List<String> channels,
        String labels,
        double testFraction,
        double valFraction,
        long splitSeed) {

    public DatasetEntry {
        channels = List.copyOf(channels);
        sources = List.copyOf(sources);
        if ((path == null) == sources.isEmpty()) {
            throw new IllegalArgumentException("dataset " + name + ": either a path or sources");
        }
    }

    /** A dataset of one folder. */
    public DatasetEntry(
            String name,
            Path path,
            String layout,
            List<String> channels,
            String labels,
            double testFraction,
            double valFraction,
            long splitSeed) {
        this(name, path, layout, List.of(), channels, labels, testFraction, valFraction, splitSeed);
    }

    /** Whether this dataset is made of several folders. */
    public boolean combined() {
        return !sources.isEmpty();
    }

    /** The entry as a JSON/YAML-friendly map (keys as in the spec). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        if (path != null) {
            m.put("path", path.toString());
        }
        if (layout != null) {
            m.put("layout", layout);
        }
        if (!sources.isEmpty()) {
            List<Map<String, Object>> l = new ArrayList<>();
            for (DatasetSource s : sources) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("name", s.name());
                sm.put("path", s.path().toString());
                if (s.layout() != null) {
                    sm.put("layout", s.layout().name().toLowerCase(Locale.ROOT));
                }
                l.add(sm);
            }
            m.put("sources", l);
        }
        m.put("channels", channels);
        m.put("labels", labels);
        m.put("test_fraction", testFraction);
        m.put("val_fraction", valFraction);
        m.put("split_seed", splitSeed);
        return m;
    }
}
