package dev.fess.train;

/**
 * Deterministic training batches: batch {@code (epoch, iteration)} depends only on the run's seed and that position,
 * so a resumed run sees exactly the batches an uninterrupted one would.
 */
@FunctionalInterface
public interface BatchSource {
    TrainingBatch batch(int epoch, int iteration);
}
