package dev.fess.infer;

import ai.djl.ndarray.NDManager;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LoadedCase;
import dev.fess.preprocess.PreprocessPlan;
import dev.fess.preprocess.PreprocessedCase;
import dev.fess.preprocess.Preprocessor;
import dev.fess.preprocess.ValueKind;
import dev.fess.volume.Volume;
import java.util.function.IntConsumer;

/**
 * Predicts one case end to end: preprocess with the run's plan, sliding-window prediction on the preprocessed grid,
 * probabilities (softmax or sigmoid) mapped back to the original grid ({@code GeometryRecord.restore}: un-crop,
 * resample linearly, undo the reorientation), then labels there — argmax for classes, p &gt; 0.5 with nested regions
 * for region mappings — optionally the largest component per class, and raw label values via the mapping.
 */
public final class CasePredictor {
    private final Preprocessor preprocessor;
    private final LabelMapping mapping;
    private final SlidingWindowPredictor predictor;
    private final boolean largestComponent;

    /** Result on the original grid: the raw label map (1 channel) and, when asked, the probabilities (K channels). */
    public record Prediction(Volume labels, Volume probabilities) {}

    /**
     * A predictor that preprocesses with {@code plan}, maps classes with {@code mapping}, predicts by sliding
     * window and, when {@code largestComponent}, keeps each foreground class's largest connected component.
     */
    public CasePredictor(
            PreprocessPlan plan, LabelMapping mapping, SlidingWindowPredictor predictor, boolean largestComponent) {
        this.preprocessor = new Preprocessor(plan);
        this.mapping = mapping;
        this.predictor = predictor;
        this.largestComponent = largestComponent;
    }

    /**
     * Predicts one case (its label, if any, is ignored) and returns the result on the case's own grid.
     *
     * @param keepProbabilities also return the K softmax channels
     * @param windows called with the number of windows done, for progress
     */
    public Prediction predict(NDManager manager, LoadedCase input, boolean keepProbabilities, IntConsumer windows) {
        LoadedCase unlabelled = new LoadedCase(input.id(), input.image(), null);
        PreprocessedCase p = preprocessor.preprocess(unlabelled, mapping);
        float[] logits;
        try (NDManager sub = manager.newSubManager()) {
            logits = predictor.predict(sub, p.image(), p.channels(), p.shape(), windows);
        }
        int k = mapping.outputChannels();
        boolean regions = !mapping.regions().isEmpty();
        float[] probs = Segmentations.probabilities(logits, mapping);
        int[] s = p.shape(); // D, H, W
        Volume onPre = new Volume(s[2], s[1], s[0], k, probs, p.geometry().preprocessedAffine());
        Volume restored = p.geometry().restore(onPre, regions ? ValueKind.CONTINUOUS : ValueKind.SOFTMAX);
        float[] decision = restored.data();
        if (regions) {
            decision = decision.clone();
            for (int i = 0; i < decision.length; i++) {
                decision[i] -= 0.5f;
            }
        }
        byte[] classes = Segmentations.classes(decision, mapping);
        if (largestComponent) {
            LargestComponent.keepLargestPerClass(classes, restored.nx(), restored.ny(), restored.nz());
        }
        Volume labels = new Volume(
                restored.nx(),
                restored.ny(),
                restored.nz(),
                1,
                Segmentations.rawLabels(classes, mapping),
                restored.affine());
        return new Prediction(labels, keepProbabilities ? restored : null);
    }
}
