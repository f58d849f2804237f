package dev.fess.realdata;

import dev.fess.volume.Volume;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One subject of a real-data task at its source resolution: a one-channel image and a class map (values
 * {@code 0 … classes−1}) on the same grid, plus provenance facts for {@code realdata.json}.
 */
public record Subject(Volume image, Volume label, Map<String, Object> facts) {
    public Subject {
        if (image.channels() != 1 || label.channels() != 1 || !Arrays.equals(image.shape(), label.shape())) {
            throw new IllegalArgumentException("image and label must be one-channel volumes of the same shape");
        }
        if (image.affine().maxAbsDifference(label.affine()) > 1e-4) {
            throw new IllegalArgumentException(
                    "image and label affines differ: " + image.affine() + " vs " + label.affine());
        }
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }
}
