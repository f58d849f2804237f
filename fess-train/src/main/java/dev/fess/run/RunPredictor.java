package dev.fess.run;

import ai.djl.ndarray.NDManager;
import dev.fess.dataset.LoadedCase;
import dev.fess.infer.CasePredictor;
import dev.fess.infer.PredictionInputs;
import dev.fess.infer.Segmentations;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loaded run ready to predict cases into a folder: {@code id.nii.gz} (labels on the scan's own grid, in the
 * smallest type that holds the run's label values, {@link Segmentations#labelDatatype}) and, when asked,
 * {@code id_probabilities.nii.gz} (float32). {@code fess predict} and {@code fess spark predict} both write through
 * it, so their files are the same byte for byte.
 */
public final class RunPredictor {
    private final RunModel run;
    private final CasePredictor predictor;
    private final boolean probabilities;

    /** The options of {@code fess predict} that shape the output. */
    public record Options(double overlap, boolean tta, int windowBatch, boolean largestComponent, boolean probabilities)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A predictor of the loaded {@code run} with the output options {@code o}. */
    public RunPredictor(RunModel run, Options o) {
        this.run = run;
        this.predictor = run.predictor(o.overlap(), o.tta(), o.windowBatch(), o.largestComponent());
        this.probabilities = o.probabilities();
    }

    public RunModel run() {
        return run;
    }

    /** The mask file of a case in an output folder. */
    public static Path maskFile(Path out, String id) {
        return out.resolve(id + ".nii.gz");
    }

    /** Reads, predicts and writes one case (each file written atomically). */
    public void predict(NDManager manager, PredictionInputs.PredictionCase c, Path out) throws IOException {
        LoadedCase image = PredictionInputs.load(
                c, run.config().data().channels(), run.plan().channels());
        CasePredictor.Prediction p = predictor.predict(manager, image, probabilities, null);
        // the mask last: it marks the case as done (an existing mask is skipped), so a failure leaves neither file
        Path probabilityFile = out.resolve(c.id() + "_probabilities.nii.gz");
        if (p.probabilities() != null) {
            Nifti.write(probabilityFile, p.probabilities(), NiftiDatatype.FLOAT32);
        }
        try {
            Nifti.write(maskFile(out, c.id()), p.labels(), Segmentations.labelDatatype(run.mapping()));
        } catch (IOException | RuntimeException e) {
            if (p.probabilities() != null) {
                Files.deleteIfExists(probabilityFile);
            }
            throw e;
        }
    }
}
