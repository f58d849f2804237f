package dev.fess.loss;

import ai.djl.ndarray.NDList;
import dev.fess.model.SegmentationModel;

/**
 * Where the losses of this package find their inputs in the two {@link NDList}s of
 * {@link ai.djl.training.loss.Loss#evaluate(NDList, NDList) Loss.evaluate(labels, predictions)}.
 *
 * <p><b>predictions</b> = the output of {@link SegmentationModel} for view 1 (positions
 * {@link SegmentationModel#LOGITS}, {@link SegmentationModel#VOXEL_EMBEDDINGS},
 * {@link SegmentationModel#GLOBAL_EMBEDDINGS}, then deep-supervision logits if any). Two-view arms (SimCLR,
 * InfoNCE) run the model on both views and concatenate: {@code predictions = view1 outputs ++ view2 outputs},
 * so view 2's outputs start at {@code predictions.size() / 2}. Single-view losses (Dice, SupCon) read view 1
 * only and accept either form. A bare {@link dev.fess.model.UNet3d} output also works for Dice (logits at 0).
 *
 * <p><b>labels</b>:
 * <ol start="0">
 *   <li>{@link #LABEL_MAP}: integer class per voxel of view 1, {@code B × D × H × W} (or {@code B × 1 × D × H ×
 *       W}), any numeric type; for Dice alternatively multi-channel binary targets {@code B × C × D × H × W}.</li>
 *   <li>{@link #CORRESPONDENCE} (InfoNCE arm only): {@code B × d × h × w} integers over view 1's
 *       embedding grid: for each voxel the flat index {@code (z·h₂ + y)·w₂ + x} of the same anatomical voxel in
 *       view 2's embedding grid {@code d₂ × h₂ × w₂}, or −1 where it left view 2.</li>
 * </ol>
 */
public final class LossInputs {

    /** Position of the label map (or multi-channel targets) in the labels. */
    public static final int LABEL_MAP = 0;
    /** Position of the view-1 → view-2 voxel correspondence in the labels (InfoNCE). */
    public static final int CORRESPONDENCE = 1;

    private LossInputs() {}

    /**
     * @param predictions concatenated outputs of two views
     * @return index of view 2's first output
     */
    public static int secondView(NDList predictions) {
        if (predictions.size() < 2 || predictions.size() % 2 != 0) {
            throw new IllegalArgumentException("a two-view loss expects predictions = view1 outputs ++ view2 outputs"
                    + " (an even count); got " + predictions.size() + " arrays");
        }
        return predictions.size() / 2;
    }

    /**
     * @param labels labels list
     * @param position required position
     * @param what description for the message
     */
    static void require(NDList labels, int position, String what) {
        if (labels.size() <= position) {
            throw new IllegalArgumentException(
                    "labels[" + position + "] must hold " + what + "; got only " + labels.size() + " label arrays");
        }
    }
}
