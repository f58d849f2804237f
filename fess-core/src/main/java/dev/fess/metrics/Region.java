package dev.fess.metrics;

import dev.fess.UserInputException;
import dev.fess.dataset.EvaluationRegion;
import dev.fess.volume.Volume;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A class or region to score: the voxels whose label value is one of {@code labels}, or, for
 * {@link #foreground()}, every non-zero voxel.
 *
 * <p>A single class is a region of one value ({@link #ofClass}); BraTS regions join several ({@link #brats});
 * a label mapping's regions come from {@link #of(List)}. Serializable, so a Spark task can carry them.
 *
 * @param name name used in tables and files ("1", "WT", ...)
 * @param labels the label values that belong to the region, sorted, distinct (empty for any non-zero value)
 * @param anyNonZero true when the region is every non-zero value, whatever {@code labels} says
 */
public record Region(String name, int[] labels, boolean anyNonZero) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Name of the {@link #foreground()} region. */
    public static final String FOREGROUND = "foreground";

    public Region {
        if (labels.length == 0 && !anyNonZero) {
            throw new IllegalArgumentException("region " + name + " has no label value");
        }
        labels = anyNonZero
                ? new int[0]
                : Arrays.stream(labels).sorted().distinct().toArray();
    }

    /** The region of the given label values. */
    public Region(String name, int[] labels) {
        this(name, labels, false);
    }

    /** Every non-zero value: "any structure" against "background", whatever the classes are. */
    public static Region foreground() {
        return new Region(FOREGROUND, new int[0], true);
    }

    /** The evaluation regions of a label mapping ({@code LabelMapping.evaluationRegions()}), in order. */
    public static List<Region> of(List<EvaluationRegion> regions) {
        List<Region> out = new ArrayList<>();
        for (EvaluationRegion r : regions) {
            out.add(new Region(r.name(), r.rawLabels()));
        }
        return out;
    }

    /** The region of one label value, named by the value. */
    public static Region ofClass(int value) {
        return new Region(Integer.toString(value), new int[] {value});
    }

    /** One region per value, in the given order. */
    public static List<Region> ofClasses(int... values) {
        List<Region> r = new ArrayList<>();
        for (int v : values) {
            r.add(ofClass(v));
        }
        return r;
    }

    /**
     * The BraTS evaluation regions: whole tumour WT = {1, 2, 3, 4}, tumour core TC = {1, 3, 4}, enhancing tumour
     * ET = {3, 4} (3 and 4 both accepted for enhancing tumour: BraTS 2023+ and BraTS ≤ 2021 label it differently).
     */
    public static List<Region> brats() {
        return List.of(
                new Region("WT", new int[] {1, 2, 3, 4}),
                new Region("TC", new int[] {1, 3, 4}),
                new Region("ET", new int[] {3, 4}));
    }

    /**
     * Parses {@code "1,2,4"} into one region per class.
     *
     * @param option the option name for the error message
     */
    public static List<Region> parseClasses(String text, String option) {
        List<Region> r = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            int v;
            try {
                v = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new UserInputException(
                        option + " expects comma-separated integer label values, got '" + text + "'");
            }
            if (v <= 0) {
                throw new UserInputException(option + " expects positive label values (0 is background), got " + v);
            }
            if (r.stream().anyMatch(x -> x.name().equals(t))) {
                throw new UserInputException(option + " lists class " + v + " twice");
            }
            r.add(ofClass(v));
        }
        return r;
    }

    /** Parses a named region set: {@code brats} ({@link #brats}) or {@code foreground} ({@link #foreground}). */
    public static List<Region> parseRegions(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("brats")) {
            return brats();
        }
        if (t.equals(FOREGROUND)) {
            return List.of(foreground());
        }
        throw new UserInputException(option + " expects 'brats' or 'foreground', got '" + text + "'");
    }

    /** True when {@code value} is one of this region's labels. */
    public boolean contains(int value) {
        return anyNonZero ? value != 0 : Arrays.binarySearch(labels, value) >= 0;
    }

    /** The mask of this region in channel 0 of a label volume: voxels whose value equals one of the labels. */
    public boolean[] mask(Volume labelVolume) {
        float[] d = labelVolume.data();
        int n = labelVolume.voxels();
        boolean[] m = new boolean[n];
        if (anyNonZero) {
            for (int v = 0; v < n; v++) {
                m[v] = d[v] != 0;
            }
            return m;
        }
        if (labels.length == 1) {
            float only = labels[0];
            for (int v = 0; v < n; v++) {
                m[v] = d[v] == only;
            }
            return m;
        }
        int lo = labels[0];
        int hi = labels[labels.length - 1];
        boolean[] member = new boolean[hi - lo + 1];
        for (int l : labels) {
            member[l - lo] = true;
        }
        for (int v = 0; v < n; v++) {
            float x = d[v];
            int i = (int) x;
            m[v] = i == x && i >= lo && i <= hi && member[i - lo];
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Region r
                && r.name.equals(name)
                && Arrays.equals(r.labels, labels)
                && r.anyNonZero == anyNonZero;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return name + (anyNonZero ? "[any non-zero]" : Arrays.toString(labels));
    }
}
