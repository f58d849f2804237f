package dev.fess.spark;

import dev.fess.UserInputException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options of a per-case Spark job ({@code fess spark predict}, {@code fess spark evaluate}), a picocli mixin. */
public final class SparkJobOptions {
    @Option(names = "--partitions", paramLabel = "N", description = "Tasks (default: one per case).")
    private Integer partitions;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[*]).")
    private String master;

    /**
     * Checks {@code --partitions} before any work.
     *
     * @throws UserInputException when it is not a positive integer
     */
    public void check() {
        if (partitions != null && partitions < 1) {
            throw new UserInputException("--partitions expects a positive integer, got " + partitions);
        }
    }

    /** The number of tasks for {@code cases} cases: {@code --partitions} at most, one per case by default, ≥ 1. */
    public int slices(int cases) {
        return Math.max(1, partitions != null ? Math.min(partitions, cases) : cases);
    }

    /** The Spark session of {@code --master} (see {@link SparkSessions#get}) named {@code appName}. */
    public SparkSession session(String appName) {
        return SparkSessions.get(master, appName);
    }
}
