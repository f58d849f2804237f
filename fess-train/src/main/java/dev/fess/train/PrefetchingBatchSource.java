package dev.fess.train;

import dev.fess.sampling.Batch;
import dev.fess.sampling.BatchGenerator;
import dev.fess.sampling.BatchLoader;

/**
 * A {@link BatchSource} that prepares the next batches on background threads while the network trains on the
 * current one. Batch {@code (epoch, iteration)} is still generated from
 * {@link BatchLoader#batchSeed}(seed, epoch, iteration), so the batches are exactly those of a synchronous source,
 * whatever the thread count or timing; only the waiting changes. A request out of sequence (a resumed run, a
 * skipped batch) restarts the loader at the requested position.
 */
public final class PrefetchingBatchSource implements BatchSource, AutoCloseable {
    private final BatchGenerator generator;
    private final long seed;
    private final int iterationsPerEpoch;
    private final int threads;
    private final int queueCapacity;
    private BatchLoader loader;
    private long expectedEpoch = -1;
    private int expectedIteration = -1;
    private long waitNanosClosed;

    /**
     * @param generator makes one batch from a random stream
     * @param seed the run's seed
     * @param iterationsPerEpoch optimiser steps per epoch
     * @param threads background threads generating batches
     * @param queueCapacity batches prepared ahead at most
     */
    public PrefetchingBatchSource(
            BatchGenerator generator, long seed, int iterationsPerEpoch, int threads, int queueCapacity) {
        if (iterationsPerEpoch < 1 || threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("iterations per epoch, threads and queue capacity must be ≥ 1, got "
                    + iterationsPerEpoch + ", " + threads + ", " + queueCapacity);
        }
        this.generator = generator;
        this.seed = seed;
        this.iterationsPerEpoch = iterationsPerEpoch;
        this.threads = threads;
        this.queueCapacity = queueCapacity;
    }

    @Override
    public synchronized TrainingBatch batch(int epoch, int iteration) {
        if (loader == null || epoch != expectedEpoch || iteration != expectedIteration) {
            stopLoader();
            loader = BatchLoader.builder(generator)
                    .seed(seed)
                    .iterationsPerEpoch(iterationsPerEpoch)
                    .threads(threads)
                    .queueCapacity(queueCapacity)
                    .start(epoch, iteration)
                    .build();
        }
        Batch b = loader.next();
        expectedIteration = iteration + 1;
        expectedEpoch = epoch;
        if (expectedIteration == iterationsPerEpoch) {
            expectedIteration = 0;
            expectedEpoch = epoch + 1;
        }
        return new TrainingBatch(
                b.batchSize(),
                b.channels(),
                b.patch(),
                b.images(),
                b.classes(),
                b.images2(),
                b.classes2(),
                b.correspondence());
    }

    /** Total time the training thread has waited for batches, in nanoseconds. */
    public synchronized long waitNanos() {
        return waitNanosClosed + (loader == null ? 0 : loader.waitNanos());
    }

    private void stopLoader() {
        if (loader != null) {
            waitNanosClosed += loader.waitNanos();
            loader.close();
            loader = null;
        }
    }

    @Override
    public synchronized void close() {
        stopLoader();
    }
}
