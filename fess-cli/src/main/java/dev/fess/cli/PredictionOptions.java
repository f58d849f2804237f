package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.run.RunDirectory;
import dev.fess.run.RunPredictor;
import dev.fess.train.DeviceChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options {@code fess predict} and {@code fess spark predict} share (a picocli mixin), checked once by
 * {@link #check()}. Each command adds its own {@code --input}, {@code --threads} and {@code --device} help.
 */
public final class PredictionOptions {
    @Option(names = "--model", required = true, paramLabel = "RUN", description = "Run directory of fess train.")
    private Path model;

    @Option(names = "--checkpoint", paramLabel = "NAME", description = "best or last (default: ${DEFAULT-VALUE}).")
    private String checkpoint = "best";

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for the masks, CASE.nii.gz (created when missing; an existing file is refused).")
    private Path out;

    @Option(names = "--tta", description = "Mirror test-time augmentation (8 flips).")
    private boolean tta;

    @Option(
            names = "--overlap",
            paramLabel = "F",
            description = "Window overlap in [0, 1) (default: ${DEFAULT-VALUE}).")
    private double overlap = 0.5;

    @Option(names = "--probabilities", description = "Also write float32 probability maps (CASE_probabilities.nii.gz).")
    private boolean probabilities;

    @Option(names = "--largest-component", description = "Keep the largest 3D connected component per class.")
    private boolean largestComponent;

    @Option(
            names = "--window-batch",
            paramLabel = "N",
            description = "Windows per forward pass (default: ${DEFAULT-VALUE}).")
    private int windowBatch = 2;

    @Option(names = "--overwrite", description = "Replace existing outputs (default: skip them).")
    private boolean overwrite;

    /**
     * Checks every shared option and the device text before any work.
     *
     * @param device the command's {@code --device} value
     * @return the run directory named by {@code --model}
     * @throws UserInputException naming the first bad option
     */
    public RunDirectory check(String device) {
        if (!(overlap >= 0 && overlap < 1)) {
            throw new UserInputException("--overlap expects a number in [0, 1), got " + overlap);
        }
        if (windowBatch < 1) {
            throw new UserInputException("--window-batch expects a positive integer, got " + windowBatch);
        }
        if (!checkpoint.equals("best") && !checkpoint.equals("last")) {
            throw new UserInputException("--checkpoint expects best or last, got '" + checkpoint + "'");
        }
        DeviceChoice.parse(device, "--device");
        RunDirectory run = new RunDirectory(model);
        if (!run.exists()) {
            throw new UserInputException("--model " + model + ": not a training run (no " + RunDirectory.CONFIG + ")");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserInputException("--out " + out + ": is a file, expected a folder");
        }
        return run;
    }

    /** The options that shape each case's output. */
    public RunPredictor.Options predictorOptions() {
        return new RunPredictor.Options(overlap, tta, windowBatch, largestComponent, probabilities);
    }

    /** The run directory ({@code --model}). */
    public Path model() {
        return model;
    }

    /** {@code best} or {@code last}. */
    public String checkpoint() {
        return checkpoint;
    }

    /** The output folder ({@code --out}). */
    public Path out() {
        return out;
    }

    /** Whether existing masks are predicted again. */
    public boolean overwrite() {
        return overwrite;
    }

    /** The summary line of a finished prediction. */
    public String summary(long written, long skipped) {
        return "wrote " + written + " masks to " + out
                + (skipped > 0 ? " (" + skipped + " existing skipped; --overwrite to redo)" : "");
    }
}
