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
}
