package dev.fess.train;

import dev.fess.run.EpochMetrics;
import java.util.List;

/** Progress callbacks of a {@link Trainer} (progress bars, plots); all methods default to nothing. */
public interface TrainingListener {
    default void epochStarted(int epoch, int iterations, int startIteration) {}

    /** After each step: 1-based epoch, 0-based iteration, the step's loss parts and learning rate. */
    default void stepDone(int epoch, int iteration, double loss, double dice, double contrastive, double lr) {}

    default void validationStarted(int epoch, int cases) {}

    default void epochFinished(EpochMetrics metrics, List<EpochMetrics> history) {}
}
