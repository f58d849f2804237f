package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.config.ConfigKeys;
import dev.fess.config.TrainingConfig;
import dev.fess.io.AtomicFolder;
import dev.fess.run.EpochMetrics;
import dev.fess.run.RunDirectory;
import dev.fess.train.NonFiniteLossException;
import dev.fess.train.Trainer;
import dev.fess.train.TrainingListener;
import dev.fess.train.TrainingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fess train}: trains a U-Net with one of the study's losses. See docs/training.md. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = ConfigOptions.class,
        description = {
            "Trains a 3D U-Net on a dataset folder with the Dice, FESS, SimCLR or InfoNCE loss.",
            "Options override --config (or --plan); what is left open (patch, batch, spacing) is chosen from the "
                    + "data, as fess plan would. "
                    + "RUN/config.yaml reruns the same training. Ctrl-C saves a checkpoint; --resume RUN continues "
                    + "it exactly. Every configuration key has an option: YAML key weight_decay = --weight-decay. "
                    + "See docs/training.md."
        })
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "RUN", description = "Run directory to create.")
    Path out;

    @Option(
            names = "--config",
            paramLabel = "YAML",
            description = "Configuration file (e.g. an earlier RUN/config.yaml).")
    Path config;

    @Option(
            names = "--resume",
            paramLabel = "RUN",
            description = "Continue an interrupted run from its last checkpoint.")
    Path resume;

    @Option(
            names = "--plan",
            paramLabel = "PLAN",
            description =
                    "Train from a plan of 'fess plan' (its config.yaml," + " possibly edited; its preprocessed cases).")
    Path plan;

    @Override
    public Integer call() throws IOException, InterruptedException {
        TrainingConfig.Builder b;
        Path run;
        boolean resuming = resume != null;
        if (resuming) {
            if (plan != null || config != null) {
                throw new UserInputException((plan != null ? "--plan" : "--config")
                        + ": a resumed run keeps its configuration (only --epochs may change)");
            }
            RunDirectory stored = new RunDirectory(resume);
            if (!stored.exists()) {
                throw new UserInputException(
                        "--resume " + resume + ": not a run directory (no " + RunDirectory.CONFIG + ")");
            }
            b = TrainingConfig.read(stored.config());
            run = resume;
        } else {
            if (out == null) {
                throw new UserInputException("--out RUN is required (or --resume RUN)");
            }
            if (plan != null && config != null) {
                throw new UserInputException("--plan and --config: give one (a plan holds its configuration)");
            }
            if (plan != null) {
                RunDirectory planned = new RunDirectory(plan);
                if (!planned.exists() || !Files.isRegularFile(planned.plan())) {
                    throw new UserInputException("--plan " + plan + ": not a plan of fess plan (no "
                            + RunDirectory.CONFIG + " and " + RunDirectory.PLAN + ")");
                }
                b = TrainingConfig.read(planned.config());
            } else {
                b = config != null ? TrainingConfig.read(config) : TrainingConfig.builder();
            }
            run = out;
        }
        ConfigOptions.apply(
                spec.commandLine().getParseResult(),
                b,
                k -> !resuming || k == ConfigKeys.EPOCHS || k == ConfigKeys.DEVICE,
                "a resumed run keeps its configuration (only --epochs and --device may change)");
        TrainingConfig cfg = b.build();
        if (!resuming && new RunDirectory(run).hasCheckpoints()) {
            throw new UserInputException(
                    "--out " + run + ": already holds a run (use --resume " + run + " or another --out)");
        }
        if (!resuming && Files.exists(run)) {
            if (!Files.isDirectory(run)) {
                throw new UserInputException("--out " + run + ": exists and is not a folder");
            }
            if (!isEmpty(run) && !AtomicFolder.isOwned(run)) {
                throw new UserInputException("--out " + run + ": exists, is not empty and was not written by fess (no "
                        + AtomicFolder.MARKER + "); a run needs a new or empty folder");
            }
        }
        Progress progress = new Progress(run);
        try (TrainingSession session = TrainingSession.open(cfg, run, resuming, progress)) {
            Trainer trainer = session.trainer();
            Thread hook = new Thread(
                    () -> {
                        trainer.requestStop();
                        try {
                            trainer.awaitStopped(120, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "fess-train-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            Trainer.Result r;
            try {
                r = session.run(resuming);
            } catch (NonFiniteLossException e) {
                progress.close();
                spec.commandLine().getErr().println("fess train: " + e.getMessage());
                return 1;
            } finally {
                progress.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
            spec.commandLine()
                    .getOut()
                    .println(String.format(
                            Locale.ROOT,
                            "%s: %d epochs, best validation Dice %s%s; run in %s",
                            r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                            r.history().size(),
                            Double.isFinite(r.bestDice()) ? String.format(Locale.ROOT, "%.4f", r.bestDice()) : "n/a",
                            r.bestEpoch() > 0 ? " (epoch " + r.bestEpoch() + ")" : "",
                            run));
            for (String w : r.warnings()) {
                spec.commandLine().getOut().println("warning: " + w);
            }
            LoggerFactory.getLogger(TrainCommand.class)
                    .info(String.format(
                            Locale.ROOT,
                            "the training loop waited %.2f s in all for its batches (prefetched in the background)",
                            session.batchWaitNanos() / 1e9));
            return 0;
        }
    }

    /** Progress bar per epoch on stderr and the training plot after each epoch. */
    static final class Progress implements TrainingListener {
        private final Path run;
        private ProgressBar bar;

        Progress(Path run) {
            this.run = run;
        }

        @Override
        public void epochStarted(int epoch, int iterations, int startIteration) {
            close();
            bar = new ProgressBarBuilder()
                    .setTaskName("epoch " + epoch)
                    .setInitialMax(iterations)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(500)
                    .startsFrom(startIteration, Duration.ZERO)
                    .build();
        }

        @Override
        public void stepDone(int epoch, int iteration, double loss, double dice, double contrastive, double lr) {
            if (bar != null) {
                bar.step();
                bar.setExtraMessage(String.format(
                        Locale.ROOT, " loss %.4f (dice %.4f, con %.4f) lr %.2e", loss, dice, contrastive, lr));
            }
        }

        @Override
        public void epochFinished(EpochMetrics metrics, List<EpochMetrics> history) {
            close();
            try {
                TrainingPlot.write(run.resolve("training.png"), history);
            } catch (IOException e) {
                LoggerFactory.getLogger(TrainCommand.class).warn("cannot write training.png: {}", e.getMessage());
            }
        }

        void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
