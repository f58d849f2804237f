package dev.fess.experiment;

import dev.fess.train.DeviceChoice;

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

    /**
     * The executor when {@code parallel} runs go at once on {@code device} ({@code --device}; null = the spec's
     * {@code training.device}, else {@code auto}); by default the same as {@link #create(ExperimentSpec, int)}.
     */
    default RunExecutor create(ExperimentSpec spec, int parallel, DeviceChoice device) {
        return create(spec, parallel);
    }
}
