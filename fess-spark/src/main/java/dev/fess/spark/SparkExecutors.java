package dev.fess.spark;

import java.lang.management.ManagementFactory;
import org.apache.spark.SparkEnv;

/** Who runs a task: the Spark executor id and the JVM (pid@host), for the logs of fess spark jobs. */
final class SparkExecutors {
    private SparkExecutors() {}

    static String id() {
        SparkEnv env = SparkEnv.get();
        String exec = env == null ? "?" : env.executorId();
        return exec + "/" + ManagementFactory.getRuntimeMXBean().getName();
    }
}
