package dev.fess.spark;

import dev.fess.cli.FessMain;
import dev.fess.cli.PredictionOptions;
import dev.fess.config.TrainingConfig;
import dev.fess.infer.PredictionInputs;
import dev.fess.infer.PredictionInputs.PredictionCase;
import dev.fess.io.AtomicFiles;
import dev.fess.run.RunDirectory;
import dev.fess.run.RunPredictor;
import dev.fess.train.DeviceChoice;
import dev.fess.train.EngineThreads;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fess spark predict}: {@code fess predict} over a cohort as a Spark job. The driver lists the cases (as
 * {@code fess predict --input} does, or from a list file) and leaves out those whose mask exists; each case is one
 * task (or {@code --partitions} groups of them); each executor loads the model once and writes the masks straight
 * to the output folder on shared storage, through the same code as {@code fess predict}, so the files are the same
 * byte for byte. A case that fails is recorded in {@code OUT/spark-predict.csv} with its reason; the others go on.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "fess predict as a Spark job: one task per case, the model loaded once per executor, "
                    + "existing masks skipped (resumable), failed cases recorded in OUT/spark-predict.csv.",
            "Paths must be readable and writable by every executor (shared storage)."
        })
public final class SparkPredictCommand implements Callable<Integer> {
    /** The record of the last job in the output folder: case, status, seconds, executor, error. */
    public static final String LOG = "spark-predict.csv";

    @Spec
    CommandSpec spec;

    @Mixin
    PredictionOptions common;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "DIR|LIST",
            description = "What fess predict --input takes, or a list file: one case per line (a file or "
                    + "comma-separated channel files, relative to the list's folder).")
    String input;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch threads per executor (default: the run's).")
    Integer threads;

    @Option(
            names = "--device",
            paramLabel = "auto|cpu|gpu[:K]",
            description = "Device on each executor when Spark assigns no GPU to the task (default: ${DEFAULT-VALUE}).")
    String device = "auto";

    @Mixin
    SparkJobOptions job;

    /** What became of one case. */
    public record CaseOutcome(String id, String status, double seconds, String executor, String error)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The work of one partition on an executor: load the model once, predict each case, never throw per case. */
    record PredictCases(
            String run,
            String checkpoint,
            String device,
            Integer threads,
            RunPredictor.Options options,
            String out,
            boolean overwrite)
            implements FlatMapFunction<Iterator<PredictionCase>, CaseOutcome> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<CaseOutcome> call(Iterator<PredictionCase> cases) throws Exception {
            FessMain.setEngineDefaults();
            EngineThreads.noGradOnThisThread();
            String executor = SparkExecutors.id();
            DeviceChoice choice = DeviceChoice.parse(device, "--device");
            ExecutorModels.Loaded loaded = null;
            List<CaseOutcome> outcomes = new ArrayList<>();
            Path outDir = Path.of(out);
            while (cases.hasNext()) {
                PredictionCase c = cases.next();
                long t0 = System.nanoTime();
                if (!overwrite && Files.exists(RunPredictor.maskFile(outDir, c.id()))) {
                    outcomes.add(new CaseOutcome(c.id(), "skipped", 0, executor, ""));
                    continue;
                }
                try {
                    if (loaded == null) {
                        loaded = ExecutorModels.get(run, checkpoint, TaskDevices.device(choice), threads, options);
                    }
                    loaded.predictor().predict(loaded.manager(), c, outDir);
                    outcomes.add(new CaseOutcome(c.id(), "written", (System.nanoTime() - t0) / 1e9, executor, ""));
                } catch (Exception | OutOfMemoryError e) {
                    String reason = FessMain.userReason(e);
                    outcomes.add(new CaseOutcome(
                            c.id(),
                            "failed",
                            (System.nanoTime() - t0) / 1e9,
                            executor,
                            reason != null
                                    ? reason
                                    : e.getClass().getSimpleName() + ": " + FessMain.userReasonOrMessage(e)));
                }
            }
            return outcomes.iterator();
        }
    }

    @Override
    public Integer call() throws IOException {
        job.check();
        RunDirectory run = common.check(device);
        Path model = common.model();
        Path out = common.out();
        boolean overwrite = common.overwrite();
        TrainingConfig cfg = TrainingConfig.read(run.config()).build();
        List<PredictionCase> all = PredictionInputs.list(input, cfg.data().channels());
        Files.createDirectories(out);
        List<PredictionCase> todo = new ArrayList<>();
        for (PredictionCase c : all) {
            if (overwrite || !Files.exists(RunPredictor.maskFile(out, c.id()))) {
                todo.add(absolute(c));
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        List<CaseOutcome> outcomes = new ArrayList<>();
        if (!todo.isEmpty()) {
            SparkSession session = job.session("fess spark predict");
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
            int slices = job.slices(todo.size());
            RunPredictor.Options options = common.predictorOptions();
            sc.setJobDescription("fess predict " + todo.size() + " case(s) with " + model);
            outcomes = sc.parallelize(todo, slices)
                    .mapPartitions(new PredictCases(
                            model.toAbsolutePath().toString(),
                            common.checkpoint(),
                            device,
                            threads,
                            options,
                            out.toAbsolutePath().toString(),
                            overwrite))
                    .collect();
        }
        writeLog(outcomes);
        long written =
                outcomes.stream().filter(c -> c.status().equals("written")).count();
        List<CaseOutcome> failed =
                outcomes.stream().filter(c -> c.status().equals("failed")).toList();
        int skipped = all.size()
                - todo.size()
                + (int) outcomes.stream()
                        .filter(c -> c.status().equals("skipped"))
                        .count();
        o.println(common.summary(written, skipped)
                + (failed.isEmpty() ? "" : "; " + failed.size() + " failed (see " + out.resolve(LOG) + ")"));
        for (CaseOutcome f : failed) {
            o.println("  failed " + f.id() + ": " + f.error());
        }
        o.flush();
        return failed.isEmpty() ? 0 : 1;
    }

    private static PredictionCase absolute(PredictionCase c) {
        return new PredictionCase(
                c.id(),
                c.files().stream()
                        .map(f -> Path.of(f).toAbsolutePath().toString())
                        .toList(),
                c.datasetRoot());
    }

    private void writeLog(List<CaseOutcome> outcomes) throws IOException {
        StringBuilder sb = new StringBuilder("case,status,seconds,executor,error\n");
        for (CaseOutcome c : outcomes) {
            sb.append(Csv.field(c.id()))
                    .append(',')
                    .append(c.status())
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.3f", c.seconds()))
                    .append(',')
                    .append(Csv.field(c.executor()))
                    .append(',')
                    .append(Csv.field(c.error()))
                    .append('\n');
        }
        AtomicFiles.writeString(common.out().resolve(LOG), sb.toString());
    }
}
