package dev.fess.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The scores of one test case in one run: each metric averaged over the case's classes/regions in
 * {@code evaluation.json}, leaving out classes where the metric is null (e.g. HD95 with an empty prediction).
 * A metric that is null for every class is absent. {@code byRegion} keeps each region's own values (WT, TC, ET ...)
 * in file order.
 */
public record CaseScore(String caseId, Map<Metric, Double> values, Map<String, Map<Metric, Double>> byRegion) {
    public CaseScore {
        values = values.isEmpty() ? Map.of() : new EnumMap<>(values);
        Map<String, Map<Metric, Double>> r = new LinkedHashMap<>();
        byRegion.forEach((k, v) -> r.put(k, v.isEmpty() ? Map.of() : new EnumMap<>(v)));
        byRegion = Collections.unmodifiableMap(r);
    }

    /** A case scored on one region only. */
    public CaseScore(String caseId, Map<Metric, Double> values) {
        this(caseId, values, Map.of());
    }

    /** The case's value of {@code m} over its scored regions; empty when the metric is undefined for the case. */
    public OptionalDouble get(Metric m) {
        Double v = values.get(m);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** This case's scores on one region as a case of its own; null when the region was not scored. */
    public CaseScore region(String name) {
        Map<Metric, Double> v = byRegion.get(name);
        return v == null ? null : new CaseScore(caseId, v, Map.of(name, v));
    }
}
