package dev.fess.experiment;

/** Progress of one run, reported by a {@link RunExecutor} (may be called from the run's thread). */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = (phase, fraction, message) -> {};

    /**
     * @param phase e.g. {@code train}, {@code predict}, {@code evaluate}
     * @param fraction progress of that phase in [0, 1]
     * @param message a short human-readable note (may be empty)
     */
    void progress(String phase, double fraction, String message);
}
