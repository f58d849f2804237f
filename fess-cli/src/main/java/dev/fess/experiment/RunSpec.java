package dev.fess.experiment;

import dev.fess.loss.Arm;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training + prediction + evaluation run of an experiment grid.
 *
 * @param dataset the dataset entry (its test split is the same for every run of that dataset)
 * @param arm the loss
 * @param size number of training cases (a nested subset: the first {@code size} cases of the dataset's training
 *     pool, shuffled once with the dataset's split seed), or {@link TrainingSize#ALL_CASES}
 * @param seed the run seed (model initialisation, patch sampling, augmentation)
 * @param fold the cross-validation fold (0 … folds−1), or null without folds
 * @param folds the experiment's number of folds (1 = none)
 * @param lambda the FESS weight λ from a {@code lambdas} grid, or null (executor default) when no grid applies
 * @param tau the temperature τ from a {@code taus} grid, or null (executor default) when no grid applies
 * @param training free training options passed through from the spec (epochs, patch, batch, lr, ...)
 * @param predict prediction options
 * @param primary true when λ and τ are the first values of their grids: the setting reported in the main table
 */
public record RunSpec(
        DatasetEntry dataset,
        Arm arm,
        int size,
        int seed,
        Integer fold,
        int folds,
        Double lambda,
        Double tau,
        Map<String, Object> training,
        PredictOptions predict,
        boolean primary) {

    public RunSpec {
        training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
        if (fold != null && (fold < 0 || fold >= folds) || fold == null && folds != 1) {
            throw new IllegalArgumentException("fold " + fold + " of " + folds);
        }
    }

    /** A run without cross-validation folds. */
    public RunSpec(
            DatasetEntry dataset,
            Arm arm,
            int size,
            int seed,
            Double lambda,
            Double tau,
            Map<String, Object> training,
            PredictOptions predict,
            boolean primary) {
        this(dataset, arm, size, seed, null, 1, lambda, tau, training, predict, primary);
    }

    /**
     * A stable, readable relative directory name: {@code <dataset>/<arm>/n<size>/seed<seed>}, plus {@code /fold<k>}
     * with folds and {@code /lam<λ>-tau<τ>} (or only the one that applies) when a grid is given; {@code nall} for
     * all cases.
     */
    public String id() {
        StringBuilder b = new StringBuilder();
        b.append(dataset.name())
                .append('/')
                .append(arm.key())
                .append('/')
                .append(size == TrainingSize.ALL_CASES ? "nall" : "n" + size)
                .append("/seed")
                .append(seed);
        if (fold != null) {
            b.append("/fold").append(fold);
        }
        if (lambda != null || tau != null) {
            b.append('/');
            if (lambda != null) {
                b.append("lam").append(number(lambda));
            }
            if (tau != null) {
                b.append(lambda != null ? "-" : "").append("tau").append(number(tau));
            }
        }
        return b.toString();
    }

    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * What decides the run's results as the spec gives them: the key version, the dataset entry, arm, size, seed,
     * fold, λ, τ, the {@code training} map and the prediction options ({@code primary} is left out: it only says
     * where the report shows the run). Executors add what they resolve ({@link RunExecutor#configuration}).
     */
    public Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key_version", RunKey.VERSION);
        m.putAll(toMap());
        m.remove("primary");
        m.put("fold", fold);
        m.put("folds", folds);
        return m;
    }

    /** The run as a JSON-friendly map, stored under {@code spec} in {@code run.json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset.toMap());
        m.put("arm", arm.key());
        m.put("size", size);
        m.put("seed", seed);
        if (fold != null) {
            m.put("fold", fold);
            m.put("folds", folds);
        }
        m.put("lambda", lambda);
        m.put("tau", tau);
        m.put("primary", primary);
        m.put("training", new LinkedHashMap<>(training));
        m.put("predict", predict.toMap());
        return m;
    }
}
