package dev.fess.sampling;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates batches on background threads ahead of the training loop, in a fixed order whatever the timing.
 *
 * <p>Batch {@code n} of epoch {@code e} is made by {@link BatchGenerator#generate} from a
 * {@code SplittableRandom(batchSeed(seed, e, n))}, so the sequence depends only on the seed — not on the number
 * of threads or on which thread made which batch — and a run resumed at (e, n) sees exactly the batches an
 * uninterrupted run would. At most {@code queueCapacity} batches are made ahead of the consumer. The time
 * {@link #next()} spent waiting is accumulated ({@link #waitNanos()}) so a training loop can report whether data
 * loading keeps up.
 */
public final class BatchLoader implements AutoCloseable {
    private final BatchGenerator generator;
    private final long seed;
    private final int iterationsPerEpoch;
    private final long startEpoch;
    private final int startIteration;
    private final ExecutorService pool;
    private final Semaphore ahead;
    private final AtomicLong claimed = new AtomicLong();
    private final Object lock = new Object();
    private final Map<Long, Batch> ready = new HashMap<>();
    private long delivered;
    private long waitNanos;
    private volatile Throwable failure;
    private volatile boolean closed;

    private BatchLoader(Builder b) {
        this.generator = b.generator;
        this.seed = b.seed;
        this.iterationsPerEpoch = b.iterationsPerEpoch;
        this.startEpoch = b.startEpoch;
        this.startIteration = b.startIteration;
        this.ahead = new Semaphore(b.queueCapacity);
        this.pool = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "fess-batch-loader");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < b.threads; i++) {
            pool.execute(this::work);
        }
    }

    public static Builder builder(BatchGenerator generator) {
        return new Builder(generator);
    }

    /**
     * The seed of batch {@code iteration} of {@code epoch}: the three values mixed by SplitMix64-style finalisers,
     * so nearby (epoch, iteration) pairs give unrelated streams.
     */
    public static long batchSeed(long seed, long epoch, long iteration) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ (epoch * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
        return mix(h ^ (iteration * 0x94D049BB133111EBL + 0x27D4EB2F165667C5L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private long epochOf(long g) {
        return startEpoch + (startIteration + g) / iterationsPerEpoch;
    }

    private int iterationOf(long g) {
        return (int) ((startIteration + g) % iterationsPerEpoch);
    }

    private void work() {
        try {
            while (!closed) {
                ahead.acquire();
                long g = claimed.getAndIncrement();
                Batch b = generator.generate(new SplittableRandom(batchSeed(seed, epochOf(g), iterationOf(g))));
                synchronized (lock) {
                    ready.put(g, b);
                    lock.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    /** The next batch in order; blocks until it is ready. */
    public Batch next() {
        if (closed) {
            throw new IllegalStateException("batch loader is closed");
        }
        long t0 = System.nanoTime();
        Batch b;
        synchronized (lock) {
            while ((b = ready.remove(delivered)) == null) {
                if (failure != null) {
                    throw new IllegalStateException(
                            "generating batch " + iteration() + " of epoch " + epoch() + " failed: " + failure,
                            failure);
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a batch", e);
                }
            }
            delivered++;
            waitNanos += System.nanoTime() - t0;
        }
        ahead.release();
        return b;
    }

    /** Epoch of the batch {@link #next()} returns next. */
    public long epoch() {
        synchronized (lock) {
            return epochOf(delivered);
        }
    }

    /** Iteration within its epoch of the batch {@link #next()} returns next. */
    public int iteration() {
        synchronized (lock) {
            return iterationOf(delivered);
        }
    }

    /** Total time {@link #next()} has waited, in nanoseconds. */
    public long waitNanos() {
        synchronized (lock) {
            return waitNanos;
        }
    }

    /** Batches returned so far. */
    public long delivered() {
        synchronized (lock) {
            return delivered;
        }
    }

    /** Stops the workers; batches made ahead are dropped. */
    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
    }

    /** Options of a {@link BatchLoader}. */
    public static final class Builder {
        private final BatchGenerator generator;
        private long seed;
        private int iterationsPerEpoch = 250;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        private int queueCapacity = -1;
        private long startEpoch;
        private int startIteration;

        private Builder(BatchGenerator generator) {
            this.generator = generator;
        }

        /** The seed that fixes every batch (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Batches per epoch (default 250, as nnU-Net). */
        public Builder iterationsPerEpoch(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("iterations per epoch must be at least 1, got " + n);
            }
            this.iterationsPerEpoch = n;
            return this;
        }

        /** Worker threads (default: processors − 1, at least 1). */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("loader threads must be at least 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** Batches made ahead of the consumer at most (default: 2 × threads). */
        public Builder queueCapacity(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("queue capacity must be at least 1, got " + n);
            }
            this.queueCapacity = n;
            return this;
        }

        /** Starts at batch {@code iteration} of {@code epoch} (resume); default (0, 0). */
        public Builder start(long epoch, int iteration) {
            if (epoch < 0 || iteration < 0) {
                throw new IllegalArgumentException(
                        "start must be non-negative, got epoch " + epoch + " iteration " + iteration);
            }
            this.startEpoch = epoch;
            this.startIteration = iteration;
            return this;
        }

        /** The loader; the start iteration must lie below the iterations per epoch. */
        public BatchLoader build() {
            if (startIteration >= iterationsPerEpoch) {
                throw new IllegalArgumentException(
                        "start iteration must be below " + iterationsPerEpoch + ", got " + startIteration);
            }
            if (queueCapacity < 0) {
                queueCapacity = 2 * threads;
            }
            return new BatchLoader(this);
        }
    }
}
