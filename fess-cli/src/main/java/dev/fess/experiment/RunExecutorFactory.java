package dev.fess.experiment;

/**
 * Makes the {@link RunExecutor} for an experiment. Found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.fess.experiment.RunExecutorFactory}) or registered with
 * {@link RunExecutors#register}.
 */
public interface RunExecutorFactory {
    /** A short name shown in logs, e.g. {@code djl-pytorch}. */
    String name();

    RunExecutor create(ExperimentSpec spec);

    /**
     * The executor when {@code parallel} runs go at once (e.g. to share the cores among them); by default the same
     * as {@link #create(ExperimentSpec)}.
     */
    default RunExecutor create(ExperimentSpec spec, int parallel) {
        return create(spec);
    }
}
