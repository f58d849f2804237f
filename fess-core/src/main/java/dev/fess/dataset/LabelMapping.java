package dev.fess.dataset;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns raw label values into what is trained.
 *
 * <p>Every mapping first assigns each voxel one exclusive <em>class index</em> in {@code 0 … numClasses()-1}
 * (0 = background); that class map is what is preprocessed, sampled and fed to the contrastive losses. The
 * segmentation output is then either
 * <ul>
 *   <li>exclusive classes (softmax over {@code numClasses()} channels) when {@link #regions()} is empty, or</li>
 *   <li>overlapping binary regions (one sigmoid channel per region), each region a set of class indices, e.g.
 *       BraTS whole tumour / tumour core / enhancing tumour.</li>
 * </ul>
 * Implementations are immutable and describe themselves by a stable {@link #name()} stored in run configurations.
 */
public interface LabelMapping {
    /** A stable name, e.g. {@code brats-regions}, {@code brats-whole-tumour}, {@code abdomen-organs}. */
    String name();

    /** Number of exclusive classes including background. */
    int numClasses();

    /** Class index for a raw label value; throws {@link dev.fess.UserInputException} for an undeclared value. */
    int classOf(int rawLabel);

    /** The raw label value written back for a class index (inverse of {@link #classOf} on declared values). */
    int rawLabelOf(int classIndex);

    /** Overlapping regions as sets of class indices; empty for exclusive multi-class output. */
    List<int[]> regions();

    /** Names of the output channels: region names, or class names including background. */
    List<String> outputNames();

    /** Number of network output channels: {@code regions().size()} if regions are used, else {@code numClasses()}. */
    default int outputChannels() {
        return regions().isEmpty() ? numClasses() : regions().size();
    }

    /**
     * What evaluation scores, in raw label values: one region per output region (its classes' raw values), or,
     * for exclusive classes, one region per non-background class named by its class name. This default knows only
     * the raw value written back per class ({@link #rawLabelOf}); mappings that accept several raw values per class
     * add them (see {@link ClassTableMapping}).
     */
    default List<EvaluationRegion> evaluationRegions() {
        List<EvaluationRegion> out = new ArrayList<>();
        if (regions().isEmpty()) {
            for (int c = 1; c < numClasses(); c++) {
                out.add(new EvaluationRegion(outputNames().get(c), new int[] {rawLabelOf(c)}));
            }
            return out;
        }
        List<int[]> rs = regions();
        for (int i = 0; i < rs.size(); i++) {
            Set<Integer> raw = new LinkedHashSet<>();
            for (int c : rs.get(i)) {
                raw.add(rawLabelOf(c));
            }
            out.add(new EvaluationRegion(
                    outputNames().get(i),
                    raw.stream().mapToInt(Integer::intValue).toArray()));
        }
        return out;
    }
}
