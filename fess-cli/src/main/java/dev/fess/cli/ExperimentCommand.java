package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.experiment.ExperimentFolder;
import dev.fess.experiment.ExperimentRunner;
import dev.fess.experiment.ExperimentSpec;
import dev.fess.experiment.ExperimentStatus;
import dev.fess.experiment.PlannedRun;
import dev.fess.experiment.RunExecutor;
import dev.fess.experiment.RunRecord;
import dev.fess.experiment.RunSpec;
import dev.fess.experiment.RunState;
import dev.fess.experiment.SpecChange;
import dev.fess.experiment.TrainingRunExecutor;
import dev.fess.image.ImageFiles;
import dev.fess.report.ReportWriter;
import dev.fess.train.DeviceChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fess experiment}: runs an experiment grid resumably, shows its state, builds its report.
 * {@code fess experiment SPEC.yaml --out DIR} is short for {@code fess experiment run SPEC.yaml --out DIR}.
 */
@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = {
            "Run an experiment grid (datasets × arms × sizes × seeds [× λ × τ]) and report it.",
            "`fess experiment SPEC.yaml --out DIR` is short for `fess experiment run SPEC.yaml --out DIR`."
        },
        subcommands = {ExperimentCommand.Run.class, ExperimentCommand.Status.class, ExperimentCommand.Report.class})
public final class ExperimentCommand implements Callable<Integer> {
    /** Makes the executor of an experiment's runs; {@link TrainingRunExecutor} unless a test gives another. */
    @FunctionalInterface
    public interface Executors {
        /** The training executor: trains, predicts and evaluates in this process or in child processes. */
        Executors TRAINING = TrainingRunExecutor::forExperiment;

        /**
         * @param parallel how many runs go at once
         * @param device {@code --device}, or null for the spec's {@code training.device} (else {@code auto})
         */
        RunExecutor create(ExperimentSpec spec, int parallel, DeviceChoice device);
    }

    private final Executors executors;

    /** With the training executor. */
    public ExperimentCommand() {
        this(Executors.TRAINING);
    }

    /** With another executor (tests, through {@link FessMain#commandLine(Executors)}). */
    ExperimentCommand(Executors executors) {
        this.executors = executors;
    }

    /** The copy of the spec kept in the experiment folder. */
    public static final String SPEC_COPY = ExperimentFolder.SPEC_COPY;
    /** Test cases shown in the qualitative figure per dataset. */
    static final int QUALITATIVE_CASES = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC.yaml", description = "experiment spec (as for `run`)")
    Path spec;

    @CommandLine.Mixin
    RunOptions options = new RunOptions();

    @Override
    public Integer call() throws IOException {
        if (spec == null) {
            cmd.commandLine().usage(cmd.commandLine().getErr());
            return FessMain.EXIT_USAGE;
        }
        return runExperiment(
                spec,
                options,
                executors,
                cmd.commandLine().getOut(),
                cmd.commandLine().getErr());
    }

    /** Options of {@code run}. */
    static final class RunOptions {
        @Option(names = "--out", paramLabel = "DIR", description = "experiment folder (created; reused to resume)")
        Path out;

        @Option(
                names = "--parallel",
                paramLabel = "N",
                defaultValue = "1",
                description = "runs at once (default: ${DEFAULT-VALUE})")
        int parallel;

        @Option(names = "--retry-failed", description = "run again the runs that failed last time")
        boolean retryFailed;

        @Option(
                names = "--extend",
                description = "accept a spec that adds runs to DIR (they run) or leaves runs out (they stay on disk,"
                        + " out of status and report); a spec that changes the configuration of a run of DIR is"
                        + " refused even so: give a new --out folder")
        boolean extend;

        @Option(
                names = "--device",
                paramLabel = "auto|cpu|gpu[:K]",
                description = "device of the runs (default: the spec's training.device, else auto); with --parallel N"
                        + " and G GPUs, auto and gpu put the run in worker slot s on gpu:(s mod G)")
        String device;
    }

    static int runExperiment(Path specFile, RunOptions o, Executors executors, PrintWriter out, PrintWriter err)
            throws IOException {
        if (o.out == null) {
            throw new UserInputException("--out: missing; give the experiment folder");
        }
        new ExperimentRunner.Options(o.parallel, o.retryFailed);
        ExperimentSpec spec = ExperimentSpec.read(specFile);
        spec.checkDatasetsExist();
        RunExecutor executor =
                executors.create(spec, o.parallel, o.device == null ? null : DeviceChoice.parse(o.device, "--device"));
        try (ExperimentFolder folder = ExperimentFolder.lock(o.out)) {
            return runLocked(folder, specFile, spec, o, executor, out, err);
        }
    }

    private static int runLocked(
            ExperimentFolder folder,
            Path specFile,
            ExperimentSpec spec,
            RunOptions o,
            RunExecutor executor,
            PrintWriter out,
            PrintWriter err)
            throws IOException {
        byte[] specText = Files.readAllBytes(specFile);
        executor.prepare(spec, o.out, line -> {
            out.println("fess experiment: " + line);
            out.flush();
        });
        List<RunSpec> expanded = spec.expand(executor::trainingPoolSize, w -> {
            err.println("fess experiment: warning: " + w);
            err.flush();
        });
        List<PlannedRun> runs = folder.plan(expanded, executor);
        SpecChange change = folder.compare(runs);
        if (!change.isEmpty()) {
            PrintWriter to = change.refusal(o.extend) == null ? out : err;
            to.println("fess experiment: " + o.out + " holds another version of this experiment:");
            change.lines().forEach(l -> to.println("  " + l));
            to.flush();
            String refusal = change.refusal(o.extend);
            if (refusal != null) {
                throw new UserInputException(refusal);
            }
        }
        folder.accept(runs, specText);
        ExperimentRunner.Outcome outcome;
        ProgressBar[] bar = new ProgressBar[1];
        try {
            outcome = ExperimentRunner.run(
                    folder,
                    runs,
                    executor,
                    new ExperimentRunner.Options(o.parallel, o.retryFailed),
                    new ExperimentRunner.Listener() {
                        @Override
                        public void planned(int total, int toRun) {
                            out.println("fess experiment: " + total + " runs, " + (total - toRun)
                                    + " already finished or failed, " + toRun + " to run with "
                                    + executor.name());
                            out.flush();
                            bar[0] = new ProgressBarBuilder()
                                    .setTaskName("runs")
                                    .setInitialMax(toRun)
                                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                                    .build();
                        }

                        @Override
                        public synchronized void progress(RunSpec run, String phase, double fraction, String message) {
                            if (bar[0] != null) {
                                bar[0].setExtraMessage(
                                        " " + run.id() + " " + phase + (message.isEmpty() ? "" : " " + message));
                            }
                        }

                        @Override
                        public synchronized void finished(RunSpec run, RunRecord record) {
                            if (bar[0] != null) {
                                bar[0].step();
                                bar[0].setExtraMessage(
                                        " " + run.id() + " " + record.status().key());
                            }
                        }
                    });
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        out.printf(
                "fess experiment: %d done, %d failed%n", outcome.count(RunState.DONE), outcome.count(RunState.FAILED));
        for (RunRecord f : outcome.failed()) {
            out.println("  failed " + f.id() + ": " + f.error());
        }
        Path report = writeReport(o.out, spec.name());
        out.println("report: " + report);
        out.flush();
        return outcome.count(RunState.FAILED) > 0 ? 1 : 0;
    }

    /** Writes {@code DIR/report.html}, {@code report.md} and {@code report/} from the finished runs. */
    public static Path writeReport(Path dir, String name) throws IOException {
        return ReportWriter.write(
                dir,
                new ReportWriter.Options(
                        "fess experiment — " + name,
                        FessMain.Version.version(),
                        QUALITATIVE_CASES,
                        ImageFiles::readVolume));
    }

    /** The experiment's name from its spec copy, or the folder name. */
    static String experimentName(Path dir) {
        Path copy = dir.resolve(SPEC_COPY);
        if (Files.isRegularFile(copy)) {
            try {
                return ExperimentSpec.read(copy).name();
            } catch (IOException | RuntimeException e) {
                // fall back to the folder name
            }
        }
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? "experiment" : n.toString();
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "Run the runs of SPEC that are not done yet (resumable), then write DIR/report.html.")
    static final class Run implements Callable<Integer> {
        private final Executors executors;

        Run() {
            this(Executors.TRAINING);
        }

        Run(Executors executors) {
            this.executors = executors;
        }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec cmd;

        @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "experiment spec")
        Path spec;

        @CommandLine.Mixin
        RunOptions options = new RunOptions();

        @Override
        public Integer call() throws IOException {
            return runExperiment(
                    spec,
                    options,
                    executors,
                    cmd.commandLine().getOut(),
                    cmd.commandLine().getErr());
        }
    }

    /** A subcommand that reads an experiment folder and prints one text about it. */
    abstract static class FolderCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec cmd;

        @Parameters(index = "0", paramLabel = "DIR", description = "experiment folder")
        Path dir;

        /** @return what to print about {@code dir}, line ends included */
        abstract String text() throws IOException;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = cmd.commandLine().getOut();
            out.print(text());
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show done, running, failed (with reasons) and pending runs of an experiment folder.")
    static final class Status extends FolderCommand {
        @Override
        String text() throws IOException {
            return ExperimentStatus.read(dir).format();
        }
    }

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description = "(Re)build DIR/report.html, DIR/report.md and DIR/report/ from the finished runs.")
    static final class Report extends FolderCommand {
        @Override
        String text() throws IOException {
            if (!Files.isDirectory(dir)) {
                throw new UserInputException(dir + ": no such experiment folder");
            }
            return "report: " + writeReport(dir, experimentName(dir)) + System.lineSeparator();
        }
    }
}
