package dev.fess.experiment;

import java.util.Optional;
import java.util.ServiceLoader;

/** Where {@code fess experiment} finds its executor: a registered factory first, then the service loader. */
public final class RunExecutors {
    private static volatile RunExecutorFactory registered;

    private RunExecutors() {}

    /** Makes {@code factory} the one used from now on (null clears it). */
    public static void register(RunExecutorFactory factory) {
        registered = factory;
    }

    /** The registered factory, else the first one the service loader finds, else empty. */
    public static Optional<RunExecutorFactory> find() {
        RunExecutorFactory f = registered;
        if (f != null) {
            return Optional.of(f);
        }
        return ServiceLoader.load(RunExecutorFactory.class).findFirst();
    }
}
