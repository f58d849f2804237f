package dev.fess.spark;

import dev.fess.UserInputException;
import dev.fess.cli.FessMain;
import dev.fess.cli.ScoringOptions;
import dev.fess.io.AtomicFiles;
import dev.fess.metrics.CasePairing;
import dev.fess.metrics.CaseResult;
import dev.fess.metrics.Evaluation;
import dev.fess.metrics.EvaluationReport;
import dev.fess.metrics.Region;
import dev.fess.metrics.SegmentationMetrics;
import dev.fess.nifti.Nifti;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fess spark evaluate}: {@code fess evaluate} as a Spark job. Each (prediction, label) pair is scored in a
 * task ({@link Evaluation#score}); the driver collects the scored cases and builds the report with
 * {@link Evaluation#report} — the same code as {@code fess evaluate}, so the summary, JSON and CSV are identical.
 * The per-case metrics are also a Spark DataFrame (one row per case × class: {@code case, class,} the metrics of
 * {@link EvaluationReport#METRICS}{@code , tp, fp, fn, tn}), written to {@code OUT/cases.parquet} and
 * {@code OUT/cases.csv} (Spark folders).
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "fess evaluate as a Spark job: one task per case; the per-case metrics as a DataFrame in "
                    + "OUT/cases.parquet and OUT/cases.csv, the summary, OUT/evaluation.json and OUT/evaluation.csv as "
                    + "fess evaluate writes them."
        })
public final class SparkEvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ScoringOptions scoring;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for cases.parquet, cases.csv, evaluation.json, evaluation.csv, summary.txt.")
    Path out;

    @Mixin
    SparkJobOptions job;

    /** A case to score, as paths that travel to an executor. */
    record Pair(String name, String prediction, String label) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A scored case, or the one-line reason it could not be scored. */
    record Scored(Evaluation.ScoredCase scored, String error) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Scores one case on an executor; a bad case is reported, not retried. */
    record ScoreCase(ArrayList<Region> regions) implements Function<Pair, Scored> {
        private static final long serialVersionUID = 1L;

        @Override
        public Scored call(Pair p) {
            try {
                Evaluation e = evaluation(regions);
                return new Scored(
                        e.score(new CasePairing.CasePair(p.name(), Path.of(p.prediction()), Path.of(p.label()))), null);
            } catch (RuntimeException e) {
                String reason = FessMain.userReason(e);
                return new Scored(null, reason != null ? reason : p.name() + ": " + e);
            }
        }
    }

    /** The evaluation of {@code fess evaluate} for the given regions (null: every non-zero value), one thread. */
    static Evaluation evaluation(List<Region> regions) {
        return Evaluation.builder()
                .reader(Nifti::readVolume)
                .regions(regions)
                .threads(1)
                .build();
    }

    @Override
    public Integer call() throws IOException {
        job.check();
        List<Region> regions = scoring.regions();
        Evaluation evaluation = evaluation(regions);
        List<Pair> pairs = new ArrayList<>();
        for (CasePairing.CasePair p : scoring.pairs()) {
            pairs.add(new Pair(
                    p.name(),
                    p.prediction().toAbsolutePath().toString(),
                    p.label().toAbsolutePath().toString()));
        }
        SparkSession session = job.session("fess spark evaluate");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
        int slices = job.slices(pairs.size());
        sc.setJobDescription("fess evaluate " + pairs.size() + " case(s)");
        List<Scored> scored = sc.parallelize(pairs, slices)
                .map(new ScoreCase(regions == null ? null : new ArrayList<>(regions)))
                .collect();
        List<Evaluation.ScoredCase> cases = new ArrayList<>();
        for (Scored s : scored) {
            if (s.error() != null) {
                throw new UserInputException(s.error());
            }
            cases.add(s.scored());
        }
        EvaluationReport report = evaluation.report(cases);
        Files.createDirectories(out);
        Dataset<Row> frame = session.createDataFrame(rows(report), schema());
        frame.coalesce(1)
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(out.resolve("cases.parquet").toString());
        frame.coalesce(1)
                .write()
                .mode(SaveMode.Overwrite)
                .option("header", "true")
                .csv(out.resolve("cases.csv").toString());
        report.writeJson(out.resolve("evaluation.json"));
        report.writeCsv(out.resolve("evaluation.csv"));
        String summary = report.summaryTable();
        AtomicFiles.writeString(out.resolve("summary.txt"), summary);
        PrintWriter o = spec.commandLine().getOut();
        o.print(summary);
        o.flush();
        return 0;
    }

    /** The DataFrame schema: case, class, every metric (nullable doubles), the four voxel counts. */
    static StructType schema() {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("case", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("class", DataTypes.StringType, false));
        for (String m : EvaluationReport.METRICS) {
            f.add(DataTypes.createStructField(m, DataTypes.DoubleType, true));
        }
        for (String c : List.of("tp", "fp", "fn", "tn")) {
            f.add(DataTypes.createStructField(c, DataTypes.LongType, false));
        }
        return DataTypes.createStructType(f);
    }

    static List<Row> rows(EvaluationReport report) {
        List<Row> rows = new ArrayList<>();
        for (CaseResult c : report.cases()) {
            for (Region r : report.regions()) {
                SegmentationMetrics m = c.byRegion().get(r.name());
                List<Object> v = new ArrayList<>();
                v.add(c.caseName());
                v.add(r.name());
                for (String k : EvaluationReport.METRICS) {
                    v.add(EvaluationReport.metric(m, k));
                }
                v.add(m.truePositives());
                v.add(m.falsePositives());
                v.add(m.falseNegatives());
                v.add(m.trueNegatives());
                rows.add(RowFactory.create(v.toArray()));
            }
        }
        return rows;
    }
}
