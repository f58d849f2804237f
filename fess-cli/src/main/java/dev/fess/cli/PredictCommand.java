package dev.fess.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.fess.UserInputException;
import dev.fess.infer.PredictionInputs;
import dev.fess.run.RunDirectory;
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

    @Option(names = "--model", required = true, paramLabel = "RUN", description = "Run directory of fess train.")
    Path model;

    @Option(names = "--checkpoint", paramLabel = "NAME", description = "best or last (default: ${DEFAULT-VALUE}).")
    String checkpoint = "best";

    @Option(names = "--input", required = true, paramLabel = "FILE|DIR")
    String input;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--tta", description = "Mirror test-time augmentation (8 flips).")
    boolean tta;

    @Option(
            names = "--overlap",
            paramLabel = "F",
            description = "Window overlap in [0, 1) (default: ${DEFAULT-VALUE}).")
    double overlap = 0.5;

    @Option(names = "--probabilities", description = "Also write float32 probability maps (CASE_probabilities.nii.gz).")
    boolean probabilities;

    @Option(names = "--largest-component", description = "Keep the largest 3D connected component per class.")
    boolean largestComponent;

    @Option(
            names = "--window-batch",
            paramLabel = "N",
            description = "Windows per forward pass (default: ${DEFAULT-VALUE}).")
    int windowBatch = 2;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch threads (default: the run's).")
    Integer threads;

    @Option(
            names = "--device",
            paramLabel = "auto|cpu|gpu[:K]",
            description = "auto = the first GPU the engine sees, else the CPU (default: ${DEFAULT-VALUE}).")
    String device = "auto";

    @Option(names = "--overwrite", description = "Replace existing outputs (default: skip them).")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        if (!(overlap >= 0 && overlap < 1)) {
            throw new UserInputException("--overlap expects a number in [0, 1), got " + overlap);
        }
        if (windowBatch < 1) {
            throw new UserInputException("--window-batch expects a positive integer, got " + windowBatch);
        }
        if (!checkpoint.equals("best") && !checkpoint.equals("last")) {
            throw new UserInputException("--checkpoint expects best or last, got '" + checkpoint + "'");
        }
        if (!new RunDirectory(model).exists()) {
            throw new UserInputException("--model " + model + ": not a training run (no " + RunDirectory.CONFIG + ")");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserInputException("--out " + out + ": is a file, expected a folder");
        }
        Device where = DeviceChoice.parse(device, "--device").resolve();
        try (NDManager manager = NDManager.newBaseManager(where)) {
            RunModel rm = RunModel.load(model, checkpoint, manager);
            EngineThreads.set(threads != null ? threads : rm.config().run().threads());
            List<PredictionInputs.PredictionCase> jobs =
                    PredictionInputs.list(input, rm.config().data().channels());
            Files.createDirectories(out);
            RunPredictor predictor = new RunPredictor(
                    rm, new RunPredictor.Options(overlap, tta, windowBatch, largestComponent, probabilities));
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
                    if (Files.exists(RunPredictor.maskFile(out, j.id())) && !overwrite) {
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
            spec.commandLine()
                    .getOut()
                    .println("wrote " + written + " masks to " + out
                            + (skipped > 0 ? " (" + skipped + " existing skipped; --overwrite to redo)" : ""));
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
