package dev.fess.train;

import ai.djl.ndarray.NDManager;
import dev.fess.dataset.LabelMapping;
import dev.fess.infer.Segmentations;
import dev.fess.infer.SlidingWindowPredictor;
import dev.fess.model.SegmentationModel;
import java.util.List;

/**
 * Validation of a model during training: each validation case is predicted whole on its preprocessed grid by
 * Gaussian sliding-window inference, turned into classes by the mapping, and scored with hard Dice per output
 * ({@link DiceScores#perOutput}); the result is the mean over cases, per output.
 */
final class Validator {
    private final List<ValidationCase> cases;
    private final LabelMapping mapping;
    private final int[] patch;
    private final double overlap;
    private final int windowBatch;

    /**
     * @param cases the validation cases (may be empty)
     * @param mapping label mapping (class conversion and Dice outputs)
     * @param patch sliding-window size {D, H, W}
     * @param overlap window overlap in [0, 1)
     * @param windowBatch windows per forward pass
     */
    Validator(List<ValidationCase> cases, LabelMapping mapping, int[] patch, double overlap, int windowBatch) {
        this.cases = List.copyOf(cases);
        this.mapping = mapping;
        this.patch = patch.clone();
        this.overlap = overlap;
        this.windowBatch = Math.max(1, windowBatch);
    }

    /** Number of validation cases. */
    int size() {
        return cases.size();
    }

    /** Mean validation Dice per output over the cases (the model's U-Net, no heads). */
    double[] dicePerOutput(SegmentationModel model, NDManager manager) {
        SlidingWindowPredictor predictor = SlidingWindowPredictor.builder()
                .block(model.getUNet())
                .patch(patch)
                .overlap(overlap)
                .windowBatch(windowBatch)
                .build();
        double[] sum = null;
        for (ValidationCase c : cases) {
            float[] logits;
            try (NDManager sub = manager.newSubManager()) {
                logits = predictor.predict(sub, c.image(), c.channels(), c.shape(), null);
            }
            double[] d = DiceScores.perOutput(Segmentations.classes(logits, mapping), c.classes(), mapping);
            if (sum == null) {
                sum = new double[d.length];
            }
            for (int i = 0; i < d.length; i++) {
                sum[i] += d[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= cases.size();
        }
        return sum;
    }
}
