package dev.fess.spark;

import static org.apache.spark.sql.functions.avg;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fess spark predict and evaluate on local[2], against fess predict and fess evaluate on the same cases. */
class SparkLocalTest {
    private static final String MASTER = "local[2]";

    @TempDir
    static Path tmp;

    private static Cohort cohort;

    @BeforeAll
    static void cohort() {
        cohort = Cohort.create(tmp.resolve("cohort"), 4);
    }

    @AfterAll
    static void stopSpark() {
        SparkSessions.stop();
    }

    @Test
    void predictWritesTheSameBytesAsFessPredictAndResumes() throws Exception {
        Path out = tmp.resolve("spark-predict");
        int loadsBefore = ExecutorModels.loads();
        Cli first = Cli.spark(
                "predict",
                "--master",
                MASTER,
                "--model",
                cohort.model().toString(),
                "--checkpoint",
                "last",
                "--input",
                cohort.data().toString(),
                "--out",
                out.toString());
        assertThat(first.code()).as(first.err() + first.out()).isZero();
        assertThat(first.out()).startsWith("wrote 4 masks");
        // 4 tasks in this JVM's executor (local mode): the model was loaded once, or not at all if an earlier test did
        assertThat(ExecutorModels.loads() - loadsBefore).isLessThanOrEqualTo(1);
        assertThat(ExecutorModels.loads()).isPositive();
        Map<String, byte[]> expected = Cohort.masks(cohort.predictions());
        assertThat(expected).hasSize(4);
        Map<String, byte[]> got = Cohort.masks(out);
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(got.get(name)).as(name).isEqualTo(bytes));
        List<String> log = Files.readAllLines(out.resolve(SparkPredictCommand.LOG));
        assertThat(log).hasSize(5).allMatch(l -> l.startsWith("case,") || l.contains(",written,"));

        String removed = expected.keySet().iterator().next();
        Files.delete(out.resolve(removed));
        Cli again = Cli.spark(
                "predict",
                "--master",
                MASTER,
                "--model",
                cohort.model().toString(),
                "--checkpoint",
                "last",
                "--input",
                cohort.data().toString(),
                "--out",
                out.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("wrote 1 masks").contains("3 existing skipped");
        assertThat(Files.readAllBytes(out.resolve(removed))).isEqualTo(expected.get(removed));
    }

    @Test
    void aFailedCaseIsRecordedAndTheOthersAreWritten() throws Exception {
        Path lists = Files.createDirectories(tmp.resolve("lists"));
        Path broken = lists.resolve("broken_0000.nii.gz");
        Files.write(broken, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        String good;
        try (var s = Files.list(cohort.data())) {
            Path caseDir = s.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
            String id = caseDir.getFileName().toString();
            good = String.join(
                    ",",
                    List.of("flair", "t1", "t1ce", "t2").stream()
                            .map(c -> caseDir.resolve(id + "_" + c + ".nii.gz").toString())
                            .toList());
        }
        Path list = lists.resolve("cases.txt");
        Files.writeString(list, "# one case per line\n" + good + "\nbroken_0000.nii.gz\n");
        Path out = tmp.resolve("with-failure");
        Cli r = Cli.spark(
                "predict",
                "--master",
                MASTER,
                "--model",
                cohort.model().toString(),
                "--checkpoint",
                "last",
                "--input",
                list.toString(),
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out())
                .startsWith("wrote 1 masks")
                .contains("1 failed")
                .contains("failed broken: ")
                .contains("gzip stream is cut short");
        assertThat(Files.readString(out.resolve(SparkPredictCommand.LOG))).contains("broken,failed,");
        assertThat(Cohort.masks(out)).hasSize(1);
    }

    @Test
    void evaluateGivesTheSummaryAndJsonOfFessEvaluateAndAParquetTable() throws Exception {
        Path out = tmp.resolve("spark-evaluate");
        Cli r = Cli.spark(
                "evaluate",
                "--master",
                MASTER,
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
        SparkSession spark = SparkSessions.get(MASTER, "test");
        Dataset<Row> cases = spark.read().parquet(out.resolve("cases.parquet").toString());
        assertThat(cases.count()).isEqualTo(4 * 3); // 4 cases × WT, TC, ET
        assertThat(cases.columns()).startsWith("case", "class", "dice", "iou");
        Dataset<Row> csv = spark.read()
                .option("header", "true")
                .csv(out.resolve("cases.csv").toString());
        assertThat(csv.count()).isEqualTo(12);
        double meanWt = cases.filter("class = 'WT'").agg(avg("dice")).first().getDouble(0);
        String wtLine = r.out()
                .lines()
                .filter(l -> l.startsWith("WT") && l.contains(" dice "))
                .findFirst()
                .orElseThrow();
        assertThat(wtLine).contains(String.format(Locale.ROOT, "%.4f", meanWt));
    }

    /** The scoring options are fess evaluate's (one mixin): --mapping reads the label folder on the driver. */
    @Test
    void evaluateByLabelMappingMatchesFessEvaluate() throws Exception {
        Path out = tmp.resolve("spark-evaluate-mapping");
        Path json = tmp.resolve("fess-evaluate-mapping.json");
        Cli fess = Cli.fess(
                "evaluate",
                "--pred",
                cohort.predictions().toString(),
                "--label",
                cohort.data().toString(),
                "--mapping",
                "brats-regions",
                "--json",
                json.toString());
        assertThat(fess.code()).as(fess.err()).isZero();
        Cli r = Cli.spark(
                "evaluate",
                "--master",
                MASTER,
                "--pred",
                cohort.predictions().toString(),
                "--label",
                cohort.data().toString(),
                "--mapping",
                "brats-regions",
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(fess.out()).contains("WT");
        assertThat(Files.readString(out.resolve("evaluation.json"))).isEqualTo(Files.readString(json));
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Cli r = Cli.spark(
                "predict",
                "--model",
                tmp.resolve("none").toString(),
                "--input",
                tmp.toString(),
                "--out",
                tmp.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo(
                        "fess spark predict: --model " + tmp.resolve("none") + ": not a training run (no config.yaml)");
        Cli d = Cli.spark(
                "predict",
                "--device",
                "tpu",
                "--model",
                cohort.model().toString(),
                "--input",
                tmp.toString(),
                "--out",
                tmp.resolve("o").toString());
        assertThat(d.code()).isEqualTo(2);
        assertThat(d.err().strip())
                .isEqualTo("fess spark predict: --device expects auto, cpu, gpu or gpu:K, got 'tpu'");
    }
}
