package dev.fess.spark;

import dev.fess.UserInputException;
import dev.fess.cli.CommandGroup;
import dev.fess.cli.ExperimentCommand;
import dev.fess.cli.FessMain;
import dev.fess.experiment.DatasetEntry;
import dev.fess.experiment.ExperimentFolder;
import dev.fess.experiment.ExperimentRunner;
import dev.fess.experiment.ExperimentSpec;
import dev.fess.experiment.PlannedRun;
import dev.fess.experiment.RunRecord;
import dev.fess.experiment.RunSpec;
import dev.fess.experiment.RunState;
import dev.fess.experiment.SpecChange;
import dev.fess.experiment.TrainingRunExecutor;
import dev.fess.train.DeviceChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fess spark experiment}: experiment grids whose runs are Spark tasks. */
@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = "Run an experiment grid with one Spark task per run; then the report of fess experiment.",
        subcommands = {SparkExperimentCommand.Run.class})
public final class SparkExperimentCommand extends CommandGroup {
    /**
     * {@code fess spark experiment run SPEC --out DIR}. The experiment folder on shared storage is the state, as for
     * {@code fess experiment run}: the driver writes the plan and leaves out the runs that are done (and the failed
     * ones unless {@code --retry-failed}); each remaining run is one Spark task, which trains (in a child JVM of the
     * executor), predicts and evaluates through {@link ExperimentRunner#runOne} and records {@code run.json}; a
     * failed run is recorded, never fatal; the driver then writes the report of {@code fess experiment report}.
     * A task that Spark assigned a GPU ({@code spark.task.resource.gpu.amount}) trains on that GPU.
     */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Run the runs of SPEC that are not done yet, one Spark task each; then DIR/report.html.",
                "DIR and the datasets must be on storage every executor reads and writes."
            })
    public static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec cmd;

        @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "experiment spec")
        Path spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "experiment folder")
        Path out;

        @Option(names = "--retry-failed", description = "run again the runs that failed last time")
        boolean retryFailed;

        @Option(
                names = "--extend",
                description = "accept a spec that adds runs to DIR or leaves runs out (as for fess experiment run);"
                        + " a changed configuration of a run of DIR is refused even so")
        boolean extend;

        @Option(
                names = "--device",
                paramLabel = "auto|cpu|gpu[:K]",
                description = "device of a run when Spark assigns it no GPU (default: the spec's training.device, "
                        + "else auto)")
        String device;

        @Option(
                names = "--threads",
                paramLabel = "N",
                description =
                        "PyTorch threads of a run unless the spec's training sets them (default: " + "spark.task.cpus)")
        Integer threads;

        @Option(
                names = "--master",
                paramLabel = "URL",
                description = "Spark master (default: spark-submit's, else local[*])")
        String master;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(spec)) {
                throw new UserInputException(spec + ": no such experiment spec file");
            }
            if (threads != null && threads < 1) {
                throw new UserInputException("--threads expects a positive integer, got " + threads);
            }
            ExperimentSpec parsed = ExperimentSpec.read(spec);
            parsed.checkDatasetsExist();
            DeviceChoice choice = TrainingRunExecutor.deviceOf(
                    parsed, device == null ? null : DeviceChoice.parse(device, "--device"));
            TrainingRunExecutor planner = TrainingRunExecutor.forExperiment(parsed, 1, choice);
            PrintWriter o = cmd.commandLine().getOut();
            PrintWriter err = cmd.commandLine().getErr();
            List<RunOutcome> outcomes;
            try (ExperimentFolder folder = ExperimentFolder.lock(out)) {
                planner.prepare(parsed, out, line -> {
                    o.println("fess spark experiment: " + line);
                    o.flush();
                });
                Map<String, Integer> pools = new HashMap<>();
                for (DatasetEntry d : parsed.datasets()) {
                    planner.trainingPoolSize(d).ifPresent(n -> pools.put(d.name(), n));
                }
                List<RunSpec> expanded = parsed.expand(d -> pool(pools, d), w -> {
                    err.println("fess spark experiment: warning: " + w);
                    err.flush();
                });
                List<PlannedRun> runs = folder.plan(expanded, planner);
                SpecChange change = folder.compare(runs);
                if (!change.isEmpty()) {
                    String refusal = change.refusal(extend);
                    PrintWriter to = refusal == null ? o : err;
                    to.println("fess spark experiment: " + out + " holds another version of this experiment:");
                    change.lines().forEach(l -> to.println("  " + l));
                    to.flush();
                    if (refusal != null) {
                        throw new UserInputException(refusal);
                    }
                }
                folder.accept(runs, Files.readAllBytes(spec));
                List<Integer> todo = ExperimentRunner.toRun(runs, out, retryFailed);
                o.println("fess spark experiment: " + runs.size() + " runs, " + (runs.size() - todo.size())
                        + " already finished or failed, " + todo.size() + " to run as Spark tasks");
                o.flush();
                outcomes = new ArrayList<>();
                if (!todo.isEmpty()) {
                    List<String> ids = todo.stream().map(i -> runs.get(i).id()).toList();
                    SparkSession session = SparkSessions.get(master, "fess spark experiment " + parsed.name());
                    JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
                    sc.setJobDescription("fess experiment " + parsed.name() + ": " + ids.size() + " run(s)");
                    RunTask task = new RunTask(
                            Files.readString(spec, StandardCharsets.UTF_8),
                            spec.getFileName().toString(),
                            spec.toAbsolutePath().getParent().toString(),
                            out.toAbsolutePath().toString(),
                            choice.toString(),
                            threads,
                            pools);
                    outcomes = sc.parallelize(ids, ids.size()).map(task).collect();
                }
                long done = 0;
                long failed = 0;
                for (RunRecord r : ExperimentRunner.records(expanded, out)) {
                    if (r != null && r.status() == RunState.DONE) {
                        done++;
                    } else if (r != null && r.status() == RunState.FAILED) {
                        failed++;
                    }
                }
                o.printf("fess spark experiment: %d done, %d failed%n", done, failed);
                for (RunOutcome f : outcomes) {
                    if (!f.status().equals(RunState.DONE.key())) {
                        o.println("  failed " + f.id() + ": " + f.error());
                    }
                }
                Path report = ExperimentCommand.writeReport(out, parsed.name());
                o.println("report: " + report);
                o.flush();
                return failed > 0 ? 1 : 0;
            }
        }
    }

    /** The training pool of a dataset as the driver found it, so that every task expands the grid alike. */
    static OptionalInt pool(Map<String, Integer> pools, DatasetEntry d) {
        Integer n = pools.get(d.name());
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** What a task reports back: the run, its final status, the reason of a failure, the executor. */
    public record RunOutcome(String id, String status, String error, String executor) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Runs one run of the plan on an executor: the spec travels as text (its relative dataset paths resolved
     * against the spec's folder, which must be on shared storage), the run is found by id in the expansion the
     * driver made (same spec, same training pools).
     */
    record RunTask(
            String specYaml,
            String specName,
            String specDir,
            String out,
            String device,
            Integer threads,
            Map<String, Integer> pools)
            implements Function<String, RunOutcome> {
        private static final long serialVersionUID = 1L;

        @Override
        public RunOutcome call(String id) throws Exception {
            FessMain.setEngineDefaults();
            ExperimentSpec spec = ExperimentSpec.parse(specYaml, specName, Path.of(specDir));
            TaskContext tc = TaskContext.get();
            int cpus = tc == null ? 1 : tc.cpus();
            TrainingRunExecutor executor = TrainingRunExecutor.forClusterTask(
                    spec.folds(),
                    TaskDevices.choice(DeviceChoice.parse(device, "--device")),
                    threads != null ? threads : cpus);
            RunSpec run = spec.expand(d -> pool(pools, d), w -> {}).stream()
                    .filter(r -> r.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("run " + id + " is not in the spec's plan here"));
            RunRecord r = ExperimentRunner.runOne(run, Path.of(out), executor, new ExperimentRunner.Listener() {});
            return new RunOutcome(id, r.status().key(), r.error() == null ? "" : r.error(), SparkExecutors.id());
        }
    }
}
