package dev.fess.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of one case: one {@link SegmentationMetrics} per region, in region order.
 *
 * @param caseName the case name (file name without {@code .nii.gz} / {@code .nii})
 * @param byRegion region name → scores, in the order of the evaluated regions
 */
public record CaseResult(String caseName, Map<String, SegmentationMetrics> byRegion) {
    public CaseResult {
        byRegion = Collections.unmodifiableMap(new LinkedHashMap<>(byRegion));
    }
}
