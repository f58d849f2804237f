package dev.fess.report;

import dev.fess.experiment.RunRecord;
import dev.fess.loss.Arm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A finished run as the report sees it.
 *
 * @param record its run.json
 * @param dir its directory
 * @param dataset dataset name
 * @param arm the arm
 * @param size requested size (-1 = all)
 * @param trainingCases training cases actually used, or the requested size when the executor did not say
 * @param seed run seed
 * @param lambda λ of a grid, or null
 * @param tau τ of a grid, or null
 * @param primary the main setting of its arm (first grid values)
 * @param cases per-case scores from evaluation.json, in file order
 * @param curve the training curve (may be empty)
 * @param testCases image and label files of the test cases (may be empty)
 */
public record RunData(RunRecord record, Path dir, String dataset, Arm arm, int size, int trainingCases, int seed,
                      Double lambda, Double tau, boolean primary, List<CaseScore> cases, TrainingCurve curve,
                      List<TestCase> testCases) {

    /** Mean of a metric over the test cases that have it; NaN when none has. */
    public double mean(Metric m) {
        double s = 0;
        int n = 0;
        for (CaseScore c : cases) {
            Double v = c.values().get(m);
            if (v != null) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    public Map<String, Object> environment() {
        return record.environment();
    }
}
