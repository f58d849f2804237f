package dev.fess.report;

import dev.fess.dataset.CaseFiles;
import dev.fess.experiment.RunRecord;
import dev.fess.loss.Arm;
import java.nio.file.Path;
import java.util.ArrayList;
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
public record RunData(
        RunRecord record,
        Path dir,
        String dataset,
        Arm arm,
        int size,
        int trainingCases,
        int seed,
        Double lambda,
        Double tau,
        boolean primary,
        List<CaseScore> cases,
        TrainingCurve curve,
        List<CaseFiles> testCases) {

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

    /** The cross-validation fold of the run ({@code fold} in its spec), or -1 without folds. */
    public int fold() {
        Object f = record == null ? null : record.spec().get("fold");
        return f instanceof Number n ? n.intValue() : -1;
    }

    /** Seed and fold: runs of two arms with the same replicate predicted the same test cases under the same draw. */
    public String replicate() {
        return seed + "/" + fold();
    }

    /** The regions scored in this run (WT, TC, ET ...), in the order of its first test case. */
    public List<String> regions() {
        return cases.isEmpty() ? List.of() : List.copyOf(cases.get(0).byRegion().keySet());
    }

    /** This run as if only {@code region} had been scored (cases without it left out). */
    public RunData forRegion(String region) {
        List<CaseScore> only = new ArrayList<>();
        for (CaseScore c : cases) {
            CaseScore r = c.region(region);
            if (r != null) {
                only.add(r);
            }
        }
        return new RunData(
                record, dir, dataset, arm, size, trainingCases, seed, lambda, tau, primary, only, curve, testCases);
    }

    public Map<String, Object> environment() {
        return record.environment();
    }
}
