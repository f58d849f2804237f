package dev.fess.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the test split is predicted.
 *
 * @param overlap sliding-window overlap in [0, 1)
 * @param tta test-time augmentation by mirroring
 */
public record PredictOptions(double overlap, boolean tta) {
    public static final PredictOptions DEFAULT = new PredictOptions(0.5, false);

    /** The options as YAML/JSON keys {@code overlap} and {@code tta}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("overlap", overlap);
        m.put("tta", tta);
        return m;
    }
}
