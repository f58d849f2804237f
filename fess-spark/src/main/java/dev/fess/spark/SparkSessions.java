package dev.fess.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a {@code fess spark} command: the one {@code spark-submit} configured (its master, its
 * resources), else {@code local[*]}; {@code --master} overrides both.
 */
public final class SparkSessions {
    /** The master when neither spark-submit nor {@code --master} names one. */
    public static final String DEFAULT_MASTER = "local[*]";

    private SparkSessions() {}

    /**
     * @param master {@code --master} (null: spark-submit's, else {@link #DEFAULT_MASTER})
     * @param app the application name shown in the Spark UI
     */
    public static SparkSession get(String master, String app) {
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(DEFAULT_MASTER);
        }
        conf.setIfMissing("spark.app.name", app);
        conf.setIfMissing("spark.ui.enabled", "false");
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** Stops the active session, if any. */
    public static void stop() {
        if (SparkSession.getDefaultSession().isDefined()) {
            SparkSession.getDefaultSession().get().stop();
        }
    }
}
