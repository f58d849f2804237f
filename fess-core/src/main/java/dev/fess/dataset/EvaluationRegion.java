package dev.fess.dataset;

import java.util.Arrays;

/**
 * A structure scored at evaluation, as a set of raw label values: a voxel belongs to it when its value in the
 * ground-truth label map, or in a prediction written back by {@link LabelMappings#toRaw}, is one of
 * {@link #rawLabels()}. Given by {@link LabelMapping#evaluationRegions()}, so that evaluation scores what was
 * trained (e.g. {@code abdomen-binary}: one region {@code organ} = liver ∪ kidney ∪ spleen ∪ pancreas, not each
 * organ against the single "any organ" prediction).
 *
 * @param name name in tables and files ({@code WT}, {@code organ}, {@code liver} ...)
 * @param rawLabels the raw label values of the region, ascending, distinct, none 0
 */
public record EvaluationRegion(String name, int[] rawLabels) {
    public EvaluationRegion {
        rawLabels = Arrays.stream(rawLabels).sorted().distinct().toArray();
        if (rawLabels.length == 0 || rawLabels[0] <= 0) {
            throw new IllegalArgumentException(
                    "region " + name + " needs positive raw label values, got " + Arrays.toString(rawLabels));
        }
    }

    @Override
    public int[] rawLabels() {
        return rawLabels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationRegion r && r.name.equals(name) && Arrays.equals(r.rawLabels, rawLabels);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(rawLabels);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(rawLabels);
    }
}
