package dev.fess.infer;

import dev.fess.dataset.LabelMapping;
import java.util.List;

/** BraTS-style test mapping: raw 0/1/2/4 → classes 0..3; regions WT = {1,2,3}, TC = {1,3}, ET = {3}. */
final class BratsLikeMapping implements LabelMapping {
    private static final int[] RAW = {0, 1, 2, 4};
    private final boolean regions;

    BratsLikeMapping(boolean regions) {
        this.regions = regions;
    }

    @Override
    public String name() {
        return regions ? "test-regions" : "test-classes";
    }

    @Override
    public int numClasses() {
        return 4;
    }

    @Override
    public int classOf(int raw) {
        for (int c = 0; c < RAW.length; c++) {
            if (RAW[c] == raw) {
                return c;
            }
        }
        throw new IllegalArgumentException("label " + raw);
    }

    @Override
    public int rawLabelOf(int c) {
        return RAW[c];
    }

    @Override
    public List<int[]> regions() {
        return regions ? List.of(new int[] {1, 2, 3}, new int[] {1, 3}, new int[] {3}) : List.of();
    }

    @Override
    public List<String> outputNames() {
        return regions ? List.of("WT", "TC", "ET") : List.of("background", "NCR", "ED", "ET");
    }
}
