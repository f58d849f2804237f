package dev.fess.run;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A training run's folder and the names of what it holds: {@code config.yaml} (every key resolved), {@code plan.json}
 * (preprocessing plan), {@code labels.json} (the dataset's label table), {@code splits.json}, {@code checkpoints/}
 * ({@link CheckpointStore}: {@code last}, {@code best}), and the metrics files of {@link MetricsLog}.
 *
 * @param dir the run folder
 */
public record RunDirectory(Path dir) {
    /** The resolved configuration; its presence makes a folder a run. */
    public static final String CONFIG = "config.yaml";
    /** The preprocessing plan. */
    public static final String PLAN = "plan.json";
    /** The dataset's label table (value → name). */
    public static final String LABELS = "labels.json";
    /** Training and validation cases by id. */
    public static final String SPLITS = "splits.json";
    /** The checkpoint folder. */
    public static final String CHECKPOINTS = "checkpoints";

    /** {@code RUN/config.yaml}. */
    public Path config() {
        return dir.resolve(CONFIG);
    }

    /** {@code RUN/plan.json}. */
    public Path plan() {
        return dir.resolve(PLAN);
    }

    /** {@code RUN/labels.json}. */
    public Path labels() {
        return dir.resolve(LABELS);
    }

    /** {@code RUN/splits.json}. */
    public Path splits() {
        return dir.resolve(SPLITS);
    }

    /** The run's checkpoints, {@code RUN/checkpoints}. */
    public CheckpointStore checkpoints() {
        return new CheckpointStore(dir.resolve(CHECKPOINTS));
    }

    /** True when the folder holds a run ({@code config.yaml}). */
    public boolean exists() {
        return Files.isRegularFile(config());
    }

    /** True when training has written checkpoints here. */
    public boolean hasCheckpoints() {
        return Files.exists(dir.resolve(CHECKPOINTS));
    }
}
