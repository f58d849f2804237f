package dev.fess.experiment;

import java.util.Map;

/**
 * A run of the plan with its resolved configuration and key ({@link RunKey}).
 *
 * @param spec the run
 * @param configuration its full resolved configuration ({@link RunExecutor#configuration}), normalised to JSON values
 * @param key {@link RunKey#of} the configuration
 */
public record PlannedRun(RunSpec spec, Map<String, Object> configuration, String key) {
    /** Plans {@code spec} with {@code configuration} (normalised here) and its key. */
    public static PlannedRun of(RunSpec spec, Map<String, ?> configuration) {
        return new PlannedRun(spec, RunKey.normalise(configuration), RunKey.of(configuration));
    }

    /** The run id. */
    public String id() {
        return spec.id();
    }
}
