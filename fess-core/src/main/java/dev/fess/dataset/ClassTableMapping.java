package dev.fess.dataset;

import dev.fess.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link LabelMapping} given as a table: each declared raw value maps to one class index, each class index has
 * one raw value written back, and optional regions group classes. Built by {@link LabelMappings}.
 */
final class ClassTableMapping implements LabelMapping {
    private final String name;
    private final TreeMap<Integer, Integer> classOfRaw;
    private final int[] rawOfClass;
    private final List<int[]> regions;
    private final List<String> outputNames;
    private final List<String> classNames;

    ClassTableMapping(
            String name,
            Map<Integer, Integer> classOfRaw,
            int[] rawOfClass,
            List<String> classNames,
            List<int[]> regions,
            List<String> regionNames) {
        this.name = name;
        this.classOfRaw = new TreeMap<>(classOfRaw);
        this.rawOfClass = rawOfClass.clone();
        this.classNames = List.copyOf(classNames);
        List<int[]> r = new ArrayList<>();
        for (int[] region : regions) {
            r.add(region.clone());
        }
        this.regions = List.copyOf(r);
        this.outputNames = regions.isEmpty() ? this.classNames : List.copyOf(regionNames);
        if (classNames.size() != rawOfClass.length) {
            throw new IllegalArgumentException(
                    classNames.size() + " class names for " + rawOfClass.length + " classes");
        }
        if (!regions.isEmpty() && regionNames.size() != regions.size()) {
            throw new IllegalArgumentException(regionNames.size() + " region names for " + regions.size() + " regions");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int numClasses() {
        return rawOfClass.length;
    }

    @Override
    public int classOf(int rawLabel) {
        Integer c = classOfRaw.get(rawLabel);
        if (c == null) {
            throw new UserInputException("label value " + rawLabel + " is not declared for label mapping " + name
                    + " (declared: " + declaredRawLabels() + ")");
        }
        return c;
    }

    @Override
    public int rawLabelOf(int classIndex) {
        if (classIndex < 0 || classIndex >= rawOfClass.length) {
            throw new IndexOutOfBoundsException("class " + classIndex + " of " + rawOfClass.length);
        }
        return rawOfClass[classIndex];
    }

    @Override
    public List<int[]> regions() {
        List<int[]> out = new ArrayList<>(regions.size());
        for (int[] r : regions) {
            out.add(r.clone());
        }
        return out;
    }

    @Override
    public List<String> outputNames() {
        return outputNames;
    }

    /**
     * {@inheritDoc} Here a region's raw values are every declared raw value of its classes plus the value written
     * back for each (e.g. {@code brats-regions} on BraTS 2016: WT = {1, 2, 3, 4} with 3 = NET; {@code abdomen-binary}
     * on AbdomenCT-1K: organ = {1, 2, 3, 4}). Exclusive classes are named by class name, or {@code name (value)}
     * when two classes share a name.
     */
    @Override
    public List<EvaluationRegion> evaluationRegions() {
        List<EvaluationRegion> out = new ArrayList<>();
        if (regions.isEmpty()) {
            for (int c = 1; c < rawOfClass.length; c++) {
                String n = classNames.get(c);
                boolean unique = classNames.stream().filter(n::equals).count() == 1;
                out.add(new EvaluationRegion(unique ? n : n + " (" + rawOfClass[c] + ")", rawValues(new int[] {c})));
            }
            return out;
        }
        for (int i = 0; i < regions.size(); i++) {
            out.add(new EvaluationRegion(outputNames.get(i), rawValues(regions.get(i))));
        }
        return out;
    }

    private int[] rawValues(int[] classes) {
        Set<Integer> in = new HashSet<>();
        for (int c : classes) {
            in.add(c);
        }
        Set<Integer> raw = new TreeSet<>();
        classOfRaw.forEach((r, c) -> {
            if (in.contains(c)) {
                raw.add(r);
            }
        });
        for (int c : classes) {
            raw.add(rawOfClass[c]);
        }
        return raw.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Names of the exclusive classes, background first. */
    public List<String> classNames() {
        return classNames;
    }

    /** The raw values this mapping accepts, ascending. */
    public List<Integer> declaredRawLabels() {
        return List.copyOf(classOfRaw.keySet());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(" {");
        classOfRaw.forEach((raw, c) -> sb.append(' ').append(raw).append("→").append(c));
        sb.append(" }");
        for (int i = 0; i < regions.size(); i++) {
            sb.append(' ').append(outputNames.get(i)).append('=').append(Arrays.toString(regions.get(i)));
        }
        return sb.toString();
    }
}
