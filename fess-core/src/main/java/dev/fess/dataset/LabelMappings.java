package dev.fess.dataset;

import dev.fess.UserInputException;
import dev.fess.volume.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The label mappings fess knows, by name (see {@code docs/datasets.md}).
 *
 * <ul>
 *   <li>{@code brats-regions}: 4 exclusive classes 0 background, 1 necrotic / non-enhancing core (NCR/NET),
 *       2 oedema (ED), 3 enhancing tumour (ET); output as 3 overlapping sigmoid regions WT = {1, 2, 3},
 *       TC = {1, 3}, ET = {3}. Raw values are recognised by the dataset's label names, so the BraTS 2016–2021
 *       convention (1 NCR/NET, 2 ED, 4 ET, and 3 NET in BraTS 2015/2016 which joins class 1), the BraTS 2023
 *       convention (1 NCR, 2 ED, 3 ET) and the Decathlon's Task01 (1 edema, 2 non-enhancing, 3 enhancing) all
 *       map correctly. Written back: 0, 1, 2 and the dataset's enhancing value (4 for BraTS 2016–2021).</li>
 *   <li>{@code brats-whole-tumour}: binary, every non-zero declared label → class 1; one sigmoid region
 *       WT = {1} (the paper's set-up); written back as 1.</li>
 *   <li>{@code abdomen-organs}: 5 exclusive classes background, liver, kidney, spleen, pancreas (softmax);
 *       dataset labels recognised by name; written back with the dataset's values (AbdomenCT-1K: 1–4).</li>
 *   <li>{@code abdomen-binary}: any organ → 1, one sigmoid region {@code organ} = {1}; written back as 1.</li>
 *   <li>{@code dataset}: the dataset's declared labels as exclusive classes in declared order (background first),
 *       softmax output, written back unchanged.</li>
 * </ul>
 */
public final class LabelMappings {
    /** The mapping names accepted by {@link #byName}. */
    public static final List<String> NAMES =
            List.of("brats-regions", "brats-whole-tumour", "abdomen-organs", "abdomen-binary", "dataset");

    private LabelMappings() {}

    /**
     * The natural mapping of a layout: BraTS → {@code brats-regions}, npy (the paper's released data) →
     * {@code brats-whole-tumour}, otherwise {@code dataset} (the declared labels as classes).
     */
    public static String defaultName(Layout layout) {
        return switch (layout) {
            case BRATS -> "brats-regions";
            case NPY -> "brats-whole-tumour";
            case MSD, ABDOMENCT, COMBINED -> "dataset";
        };
    }

    /**
     * The mapping called {@code name} for the labels {@code ds} declares.
     *
     * @throws UserInputException for an unknown name, or labels the mapping cannot interpret
     */
    public static LabelMapping byName(String name, Dataset ds) {
        return byName(name, ds.labelNames(), ds.root().toString());
    }

    /** As {@link #byName(String, Dataset)} for a raw-label → name table; {@code source} names it in messages. */
    public static LabelMapping byName(String name, Map<Integer, String> labels, String source) {
        Map<Integer, String> declared = withBackground(labels);
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "brats-regions" -> bratsRegions(declared, source);
            case "brats-whole-tumour", "brats-whole-tumor" -> binary("brats-whole-tumour", declared, "WT");
            case "abdomen-organs" -> abdomenOrgans(declared, source);
            case "abdomen-binary" -> binary("abdomen-binary", declared, "organ");
            case "dataset" -> identity(declared);
            default ->
                throw new UserInputException(
                        "unknown label mapping '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
        };
    }

    private static Map<Integer, String> withBackground(Map<Integer, String> labels) {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(0, labels.getOrDefault(0, "background"));
        labels.forEach(m::putIfAbsent);
        return m;
    }

    /** BraTS sub-region of a label name: 1 NCR/NET, 2 ED, 3 ET, or -1. */
    static int bratsClassOfName(String labelName) {
        String n = labelName.toLowerCase(Locale.ROOT);
        List<String> words = List.of(n.split("[^a-z0-9]+"));
        if (n.contains("non-enhancing")
                || n.contains("non enhancing")
                || n.contains("nonenhancing")
                || n.contains("necro")
                || words.contains("ncr")
                || words.contains("net")) {
            return 1;
        }
        if (n.contains("edema") || n.contains("oedema") || words.contains("ed") || words.contains("snfh")) {
            return 2;
        }
        if (n.contains("enhancing") || words.contains("et")) {
            return 3;
        }
        return -1;
    }

    private static LabelMapping bratsRegions(Map<Integer, String> declared, String source) {
        Map<Integer, Integer> classOf = new LinkedHashMap<>();
        int[] rawOf = {0, -1, -1, -1};
        for (Map.Entry<Integer, String> e : new TreeMap<>(declared).entrySet()) {
            int raw = e.getKey();
            int c = raw == 0 ? 0 : bratsClassOfName(e.getValue());
            if (c < 0) {
                throw new UserInputException("label mapping brats-regions: " + source + " declares label " + raw
                        + " '" + e.getValue() + "', which is not a BraTS tumour sub-region (necrotic/non-enhancing,"
                        + " edema, enhancing)");
            }
            classOf.put(raw, c);
            if (rawOf[c] < 0 || raw < rawOf[c]) {
                rawOf[c] = raw;
            }
        }
        int[] canonical = {0, 1, 2, 4};
        for (int c = 1; c < 4; c++) {
            if (rawOf[c] < 0) {
                if (classOf.containsKey(canonical[c])) {
                    throw new UserInputException("label mapping brats-regions: " + source + " declares no "
                            + List.of("", "necrotic/non-enhancing", "edema", "enhancing")
                                    .get(c) + " label");
                }
                rawOf[c] = canonical[c];
            }
        }
        return new ClassTableMapping(
                "brats-regions",
                classOf,
                rawOf,
                List.of("background", "NCR/NET", "ED", "ET"),
                List.of(new int[] {1, 2, 3}, new int[] {1, 3}, new int[] {3}),
                List.of("WT", "TC", "ET"));
    }

    private static final List<String> ORGANS = List.of("liver", "kidney", "spleen", "pancreas");

    private static LabelMapping abdomenOrgans(Map<Integer, String> declared, String source) {
        Map<Integer, Integer> classOf = new LinkedHashMap<>();
        int[] rawOf = {0, -1, -1, -1, -1};
        for (Map.Entry<Integer, String> e : new TreeMap<>(declared).entrySet()) {
            int raw = e.getKey();
            int c = 0;
            if (raw != 0) {
                String n = e.getValue().toLowerCase(Locale.ROOT);
                c = -1;
                for (int o = 0; o < ORGANS.size(); o++) {
                    if (n.contains(ORGANS.get(o))) {
                        c = o + 1;
                    }
                }
                if (c < 0) {
                    throw new UserInputException("label mapping abdomen-organs: " + source + " declares label " + raw
                            + " '" + e.getValue() + "', which is none of " + String.join(", ", ORGANS));
                }
            }
            classOf.put(raw, c);
            if (rawOf[c] < 0 || raw < rawOf[c]) {
                rawOf[c] = raw;
            }
        }
        for (int c = 1; c < rawOf.length; c++) {
            if (rawOf[c] < 0) {
                rawOf[c] = classOf.containsKey(c) ? unusedRaw(classOf) : c;
            }
        }
        List<String> names = new ArrayList<>();
        names.add("background");
        names.addAll(ORGANS);
        return new ClassTableMapping("abdomen-organs", classOf, rawOf, names, List.of(), List.of());
    }

    private static int unusedRaw(Map<Integer, Integer> classOf) {
        int v = 1;
        while (classOf.containsKey(v)) {
            v++;
        }
        return v;
    }

    private static LabelMapping binary(String name, Map<Integer, String> declared, String regionName) {
        Map<Integer, Integer> classOf = new LinkedHashMap<>();
        for (int raw : declared.keySet()) {
            classOf.put(raw, raw == 0 ? 0 : 1);
        }
        return new ClassTableMapping(
                name,
                classOf,
                new int[] {0, 1},
                List.of("background", regionName),
                List.of(new int[] {1}),
                List.of(regionName));
    }

    private static LabelMapping identity(Map<Integer, String> declared) {
        Map<Integer, Integer> classOf = new LinkedHashMap<>();
        int[] rawOf = new int[declared.size()];
        List<String> names = new ArrayList<>();
        int c = 0;
        for (Map.Entry<Integer, String> e : declared.entrySet()) {
            classOf.put(e.getKey(), c);
            rawOf[c] = e.getKey();
            names.add(e.getValue());
            c++;
        }
        return new ClassTableMapping("dataset", classOf, rawOf, names, List.of(), List.of());
    }

    /**
     * Maps a raw label map to class indices voxel by voxel (a new single-channel volume on the same grid).
     *
     * @throws UserInputException naming {@code source} at the first voxel whose value the mapping does not declare
     */
    public static Volume toClasses(LabelMapping m, Volume raw, String source) {
        float[] in = raw.data();
        float[] out = new float[in.length];
        int lastRaw = 0;
        int lastClass = m.classOf(0);
        for (int i = 0; i < in.length; i++) {
            float v = in[i];
            int r = (int) v;
            if (r != v) {
                throw new UserInputException(source + ": label value " + v + " is not an integer");
            }
            if (r != lastRaw) {
                try {
                    lastClass = m.classOf(r);
                } catch (UserInputException e) {
                    throw new UserInputException(source + ": " + e.getMessage(), e);
                }
                lastRaw = r;
            }
            out[i] = lastClass;
        }
        return new Volume(raw.nx(), raw.ny(), raw.nz(), raw.channels(), out, raw.affine());
    }

    /** Maps class indices back to raw label values (a new volume on the same grid). */
    public static Volume toRaw(LabelMapping m, Volume classes) {
        float[] in = classes.data();
        float[] out = new float[in.length];
        int[] lut = new int[m.numClasses()];
        for (int c = 0; c < lut.length; c++) {
            lut[c] = m.rawLabelOf(c);
        }
        for (int i = 0; i < in.length; i++) {
            out[i] = lut[(int) in[i]];
        }
        return new Volume(classes.nx(), classes.ny(), classes.nz(), classes.channels(), out, classes.affine());
    }
}
