package dev.fess.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Trains, predicts and evaluates one run. The experiment scheduler calls it; {@link TrainingRunExecutor} is the real
 * implementation ({@code fess experiment} takes another only in tests).
 *
 * <p>Contract (see docs/experiments.md): {@link #execute} writes into {@code runDir}
 * <ul>
 *   <li>{@code config.yaml} — the resolved configuration;</li>
 *   <li>{@code splits.json} — the test split used (the same for every run of a dataset) and the training subset;</li>
 *   <li>{@code metrics.csv} — the training curve, header at least
 *       {@code epoch,loss,dice_loss,contrastive_loss,lr,val_dice};</li>
 *   <li>{@code predictions/<case>.nii.gz} — the predicted masks of the test cases;</li>
 *   <li>{@code test_cases.json} — {@code [{"case": id, "images": [paths], "label": path}]} for the test cases;</li>
 *   <li>{@code evaluation.json} — the format of {@code fess evaluate --json}.</li>
 * </ul>
 * It must not write {@code run.json}, which belongs to the scheduler. Throwing marks the run failed with the
 * exception's message; other runs go on. Implementations must be safe to call from several threads at once
 * (one call per run).
 */
public interface RunExecutor {
    RunResult execute(RunSpec spec, Path runDir, ProgressListener listener) throws Exception;

    /** A short name shown in logs, e.g. {@code djl-pytorch}. */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Called once before the grid is expanded, with the experiment folder: e.g. to combine the folders of datasets
     * given by {@code sources}. {@code notes} receives lines for the user (what was combined, what was dropped).
     */
    default void prepare(ExperimentSpec spec, Path experimentDir, Consumer<String> notes) throws IOException {}

    /**
     * The number of labelled cases left for training in a dataset once its test split is taken out, used to
     * resolve {@code all}, percentages and sizes larger than the pool. Empty when it cannot be told cheaply.
     */
    default OptionalInt trainingPoolSize(DatasetEntry dataset) {
        return OptionalInt.empty();
    }
}
