package dev.fess.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.fess.infer.PredictionInputs;
import dev.fess.run.RunModel;
import dev.fess.run.RunPredictor;
import dev.fess.train.DeviceChoice;
import dev.fess.train.EngineThreads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fess predict}: segments scans with a trained run, writing masks on the scans' own grids. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Predicts masks with a trained run: sliding window with Gaussian weighting, optional mirror TTA, every "
                    + "preprocessing step undone, NIfTI labels (uint8, int16 or int32 as the labels need) with the "
                    + "input's affine; a case that fails is reported and the others go on (exit 2 at the end). "
                    + "See docs/inference.md.",
            "--input: a dataset folder (any layout), a folder of nnU-Net-style CASE_0000.nii.gz files, one file, or "
                    + "several channel files of one case separated by commas, or a list file (one case per line, "
                    + "each a file or comma-separated channel files; relative to the list's folder)."
        })
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PredictionOptions common;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE|DIR",
            description = "Images to predict: a dataset folder, CASE_0000 files, one file, channel files separated"
                    + " by commas, or a list file (above).")
    String input;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch threads (default: the run's).")
    Integer threads;

    @Option(
            names = "--device",
            paramLabel = "auto|cpu|gpu[:K]",
            description = "auto = the first GPU the engine sees, else the CPU (default: ${DEFAULT-VALUE}).")
    String device = "auto";

    @Override
    public Integer call() throws IOException {
        common.check(device);
        Path out = common.out();
        Device where = DeviceChoice.parse(device, "--device").resolve();
        try (NDManager manager = NDManager.newBaseManager(where)) {
            RunModel rm = RunModel.load(common.model(), common.checkpoint(), manager);
            EngineThreads.set(threads != null ? threads : rm.config().run().threads());
            List<PredictionInputs.PredictionCase> jobs =
                    PredictionInputs.list(input, rm.config().data().channels());
            Files.createDirectories(out);
            RunPredictor predictor = new RunPredictor(rm, common.predictorOptions());
            int written = 0, skipped = 0;
            List<String> failed = new ArrayList<>();
            boolean onlyUserErrors = true;
            PrintWriter err = spec.commandLine().getErr();
            try (ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName("predict")
                    .setInitialMax(jobs.size())
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .build()) {
                for (PredictionInputs.PredictionCase j : jobs) {
                    if (Files.exists(RunPredictor.maskFile(out, j.id())) && !common.overwrite()) {
                        skipped++;
                        bar.step();
                        continue;
                    }
                    bar.setExtraMessage(" " + j.id());
                    try {
                        predictor.predict(manager, j, out);
                        written++;
                    } catch (IOException | RuntimeException e) {
                        String reason = FessMain.userReason(e);
                        onlyUserErrors &= reason != null;
                        failed.add(j.id());
                        err.println(qualifiedName() + ": case " + j.id() + ": " + failureReason(j, e, reason));
                        err.flush();
                    }
                    bar.step();
                }
            }
            spec.commandLine().getOut().println(common.summary(written, skipped));
            if (!failed.isEmpty()) {
                err.println(qualifiedName() + ": " + failed.size() + " of " + jobs.size() + " cases failed: "
                        + String.join(", ", failed));
                err.flush();
                return onlyUserErrors ? FessMain.EXIT_USAGE : 1;
            }
            return 0;
        }
    }

    private String qualifiedName() {
        return spec.qualifiedName();
    }

    /** The one-line reason of a failed case, naming its files when the reason does not. */
    private static String failureReason(PredictionInputs.PredictionCase c, Exception e, String userReason) {
        String reason =
                userReason != null ? userReason : e.getClass().getSimpleName() + ": " + FessMain.userReasonOrMessage(e);
        boolean named = c.files().stream().anyMatch(reason::contains);
        return named ? reason : String.join(",", c.files()) + ": " + reason;
    }
}
