package dev.fess.report;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The scores of one test case in one run: each metric averaged over the case's classes/regions in
 * {@code evaluation.json}, leaving out classes where the metric is null (e.g. HD95 with an empty prediction).
 * A metric that is null for every class is absent.
 */
public record CaseScore(String caseId, Map<Metric, Double> values) {
    public CaseScore {
        values = values.isEmpty() ? Map.of() : new EnumMap<>(values);
    }

    public OptionalDouble get(Metric m) {
        Double v = values.get(m);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
