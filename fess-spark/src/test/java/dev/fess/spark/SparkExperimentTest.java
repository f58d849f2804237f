package dev.fess.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fess spark experiment run on local[2] against fess experiment run --parallel 2 on the same spec. */
@Tag("slow")
class SparkExperimentTest {
    @TempDir
    Path tmp;

    @AfterAll
    static void stopSpark() {
        SparkSessions.stop();
    }

    @Test
    void theRunsOfASparkExperimentEqualThoseOfFessExperimentAndAreNotRedone() throws Exception {
        Path data = tmp.resolve("data");
        assertThat(Cli.fess("synth", "brats", "--cases", "6", "--size", "32", "--seed", "5", "--out", data.toString())
                        .code())
                .isZero();
        Path spec = Experiments.spec(tmp, data);
        Path single = tmp.resolve("single");
        Cli reference = Cli.fess("experiment", "run", spec.toString(), "--out", single.toString(), "--parallel", "2");
        assertThat(reference.code()).as(reference.out() + reference.err()).isZero();

        Path spark = tmp.resolve("spark");
        Cli r = Cli.spark("experiment", "run", spec.toString(), "--out", spark.toString(), "--master", "local[2]");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("2 runs, 0 already finished or failed, 2 to run")
                .contains("2 done, 0 failed")
                .contains("report: ");
        Experiments.assertSameResults(single, spark);

        String before = Files.readString(spark.resolve(Experiments.RUNS.get(0)).resolve("run.json"));
        Cli again = Cli.spark("experiment", "run", spec.toString(), "--out", spark.toString(), "--master", "local[2]");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("2 already finished or failed, 0 to run");
        assertThat(Files.readString(spark.resolve(Experiments.RUNS.get(0)).resolve("run.json")))
                .isEqualTo(before);
    }
}
