package dev.fess.experiment;

import dev.fess.config.TrainingConfig;
import dev.fess.train.TrainingSession;
import java.nio.file.Path;

/**
 * Trains one run in its own JVM for {@link TrainingRunExecutor} when runs go in parallel:
 * {@code java -cp … dev.fess.experiment.TrainingChild REQUEST.yaml RUN_DIR}. Exit code 0 when training finished.
 */
public final class TrainingChild {
    private TrainingChild() {}

    /** Entry point: {@code TrainingChild REQUEST.yaml RUN_DIR}; exit code 0 when training finished. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: TrainingChild REQUEST.yaml RUN_DIR");
            System.exit(2);
        }
        TrainingConfig cfg = TrainingConfig.read(Path.of(args[0])).build();
        int code = 0;
        try (TrainingSession s = TrainingRunExecutor.openSession(cfg, Path.of(args[1]), ProgressListener.NONE)) {
            s.run(false);
        } catch (Exception | Error e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }
}
