package dev.fess.preprocess;

import dev.fess.dataset.Modality;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything that decides what preprocessing produces; two plans with the same {@link #key()} produce the same
 * bytes for the same input. Serialisable with Jackson (a record of plain values).
 *
 * @param version version of the preprocessing algorithm ({@link #ALGORITHM_VERSION}); part of the key so a
 *     changed algorithm never reuses an old cache
 * @param modality MRI (per-case z-score over the non-zero region) or CT (dataset-wide clip + z-score)
 * @param channels number of image channels
 * @param targetSpacing voxel spacing in mm after resampling, in RAS axis order (x, y, z)
 * @param intensities per-channel CT statistics (one per channel for CT, empty for MRI)
 * @param labelMapping {@link dev.fess.dataset.LabelMapping#name()} of the mapping applied to raw labels
 * @param numClasses number of exclusive classes of that mapping, background included
 * @param labelResampling how the class map is resampled
 * @param foregroundSamples at most this many voxel locations are kept per class for foreground oversampling (or
 *     1 % of the class's voxels when that is more)
 */
public record PreprocessPlan(
        int version,
        Modality modality,
        int channels,
        double[] targetSpacing,
        List<ChannelIntensity> intensities,
        String labelMapping,
        int numClasses,
        LabelResampling labelResampling,
        int foregroundSamples) {

    /** Current version of the preprocessing algorithm. */
    public static final int ALGORITHM_VERSION = 1;

    /** nnU-Net's default number of stored foreground locations per class. */
    public static final int DEFAULT_FOREGROUND_SAMPLES = 10_000;

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    public PreprocessPlan {
        if (modality == null || labelMapping == null || labelResampling == null) {
            throw new IllegalArgumentException("plan needs a modality, a label mapping name and a label resampling");
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("plan needs at least 1 channel, got " + channels);
        }
        if (targetSpacing == null
                || targetSpacing.length != 3
                || Arrays.stream(targetSpacing).anyMatch(s -> !(s > 0) || !Double.isFinite(s))) {
            throw new IllegalArgumentException(
                    "target spacing must be 3 positive numbers, got " + Arrays.toString(targetSpacing));
        }
        intensities = intensities == null ? List.of() : List.copyOf(intensities);
        if (modality == Modality.CT && intensities.size() != channels) {
            throw new IllegalArgumentException("a CT plan needs intensity statistics for each of the " + channels
                    + " channels, got " + intensities.size());
        }
        if (numClasses < 2 || numClasses > 127) {
            throw new IllegalArgumentException("number of classes must be in 2..127, got " + numClasses);
        }
        if (foregroundSamples <= 0) {
            throw new IllegalArgumentException("foreground samples must be positive, got " + foregroundSamples);
        }
        targetSpacing = targetSpacing.clone();
    }

    @Override
    public double[] targetSpacing() {
        return targetSpacing.clone();
    }

    /** The same plan with another target spacing. */
    public PreprocessPlan withTargetSpacing(double... spacing) {
        return new PreprocessPlan(
                version,
                modality,
                channels,
                spacing,
                intensities,
                labelMapping,
                numClasses,
                labelResampling,
                foregroundSamples);
    }

    /** The same plan with another way of resampling labels. */
    public PreprocessPlan withLabelResampling(LabelResampling r) {
        return new PreprocessPlan(
                version,
                modality,
                channels,
                targetSpacing,
                intensities,
                labelMapping,
                numClasses,
                r,
                foregroundSamples);
    }

    /** Canonical JSON (properties sorted), the text the key is computed from. */
    public String toJson() {
        return CANONICAL.writeValueAsString(this);
    }

    /** Reads a plan written by {@link #toJson()}. */
    public static PreprocessPlan fromJson(String json) {
        return CANONICAL.readValue(json, PreprocessPlan.class);
    }

    /** A stable 16-hex-digit hash of every setting (SHA-256 of {@link #toJson()}). */
    public String key() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessPlan p && toJson().equals(p.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "PreprocessPlan" + toJson();
    }
}
