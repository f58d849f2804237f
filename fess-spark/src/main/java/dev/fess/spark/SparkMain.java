package dev.fess.spark;

import dev.fess.cli.CommandGroup;
import dev.fess.cli.FessMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fess spark}: the fess commands that run on Apache Spark. The entry point of {@code spark-submit --class
 * dev.fess.spark.SparkMain fess-spark-assembly.jar predict|evaluate|experiment …}; {@code ./fess spark …} calls it
 * with the Spark jars of the Maven build on the classpath.
 */
@Command(
        name = "fess spark",
        mixinStandardHelpOptions = true,
        versionProvider = FessMain.Version.class,
        description = {
            "Cohort-scale prediction and evaluation, and experiment grids, as Apache Spark jobs.",
            "Runs on local[*] unless spark-submit or --master names a cluster. See docs/spark.md."
        },
        subcommands = {
            SparkPredictCommand.class,
            SparkEvaluateCommand.class,
            SparkExperimentCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SparkMain extends CommandGroup {
    /** Runs the {@code fess-spark} command line, stops the Spark session and exits with the command's code. */
    public static void main(String[] args) {
        FessMain.setEngineDefaults();
        int code = commandLine().execute(args);
        SparkSessions.stop();
        System.exit(code);
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return FessMain.withUserErrors(new CommandLine(new SparkMain()));
    }
}
