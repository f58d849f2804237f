package dev.fess.experiment;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Numbered places 0 … n−1 for the runs of a parallel experiment: a run holds one while it goes, so no two runs at
 * once share a number (and, through {@link dev.fess.train.DeviceChoice#forSlot}, a GPU when there are enough).
 * The lowest free number is handed out first.
 */
final class WorkerSlots {
    private final BlockingQueue<Integer> free;

    WorkerSlots(int n) {
        free = new ArrayBlockingQueue<>(n);
        for (int i = 0; i < n; i++) {
            free.add(i);
        }
    }

    /** Waits for a free slot and takes it. */
    int acquire() throws InterruptedException {
        return free.take();
    }

    void release(int slot) {
        free.add(slot);
    }
}
