package dev.fess.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fess spark predict, evaluate and experiment on a real standalone cluster (a master and two worker JVMs on this
 * machine), against the single-machine commands on the same synthetic cases.
 */
@Tag("slow")
class SparkClusterTest {
    @TempDir
    static Path tmp;

    private static StandaloneCluster cluster;
    private static Cohort cohort;

    @BeforeAll
    static void start() throws Exception {
        SparkSessions.stop();
        cohort = Cohort.create(tmp.resolve("cohort"), 4);
        cluster = new StandaloneCluster(Files.createDirectories(tmp.resolve("cluster")), 2, 1);
        cluster.driverConf().forEach(System::setProperty);
        SparkSession session = SparkSessions.get(cluster.masterUrl(), "fess cluster test");
        SparkStatusTracker status = session.sparkContext().statusTracker();
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (status.getExecutorInfos().length < 3 && System.nanoTime() < deadline) { // the driver + 2 executors
            Thread.sleep(200);
        }
        assertThat(status.getExecutorInfos()).as("executors registered").hasSize(3);
    }

    @AfterAll
    static void stop() throws Exception {
        SparkSessions.stop();
        cluster.driverConf().keySet().forEach(System::clearProperty);
        cluster.close();
    }

    @Test
    void predictOnTwoWorkersWritesTheBytesOfFessPredict() throws Exception {
        Path out = tmp.resolve("cluster-predict");
        Cli r = Cli.spark(
                "predict",
                "--master",
                cluster.masterUrl(),
                "--model",
                cohort.model().toString(),
                "--checkpoint",
                "last",
                "--input",
                cohort.data().toString(),
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        Map<String, byte[]> expected = Cohort.masks(cohort.predictions());
        Map<String, byte[]> got = Cohort.masks(out);
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(got.get(name)).as(name).isEqualTo(bytes));
        Set<String> executors = new TreeSet<>();
        for (String line :
                Files.readAllLines(out.resolve(SparkPredictCommand.LOG)).subList(1, 5)) {
            executors.add(line.split(",")[3].split("/")[0]);
        }
        assertThat(executors)
                .as("cases ran on both workers' executors")
                .hasSize(2)
                .doesNotContain("driver");
    }

    @Test
    void evaluateOnTwoWorkersGivesTheResultsOfFessEvaluate() throws Exception {
        Path out = tmp.resolve("cluster-evaluate");
        Cli r = Cli.spark(
                "evaluate",
                "--master",
                cluster.masterUrl(),
                "--pred",
                cohort.predictions().toString(),
                "--label",
                cohort.data().toString(),
                "--regions",
                "brats",
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(cohort.evaluateSummary());
        assertThat(Files.readString(out.resolve("evaluation.json")))
                .isEqualTo(Files.readString(cohort.evaluationJson()));
    }

    @Test
    void experimentOnTwoWorkersEqualsFessExperiment() throws Exception {
        Path data = tmp.resolve("experiment-data");
        assertThat(Cli.fess("synth", "brats", "--cases", "6", "--size", "32", "--seed", "5", "--out", data.toString())
                        .code())
                .isZero();
        Path spec = Experiments.spec(tmp.resolve("experiment"), data);
        Path single = tmp.resolve("experiment-single");
        Cli reference = Cli.fess("experiment", "run", spec.toString(), "--out", single.toString(), "--parallel", "2");
        assertThat(reference.code()).as(reference.out() + reference.err()).isZero();
        Path onCluster = tmp.resolve("experiment-cluster");
        Cli r = Cli.spark(
                "experiment", "run", spec.toString(), "--out", onCluster.toString(), "--master", cluster.masterUrl());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Experiments.assertSameResults(single, onCluster);
    }
}
