package dev.fess.model;

import tools.jackson.databind.json.JsonMapper;

/**
 * Everything needed to rebuild a {@link SegmentationModel}: the U-Net hyper-parameters and the projection heads.
 * Serialised as JSON next to the parameters by {@link ModelCheckpoint}.
 *
 * @param unet U-Net hyper-parameters
 * @param embeddingDim E, output width of both projection heads
 * @param headHidden hidden width of both projection heads
 */
public record ModelSpec(UNet3d.Config unet, int embeddingDim, int headHidden) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Validates the values. */
    public ModelSpec {
        if (unet == null) {
            throw new IllegalArgumentException("unet must be set");
        }
        if (embeddingDim <= 0 || headHidden <= 0) {
            throw new IllegalArgumentException(
                    "embeddingDim and headHidden must be positive; got " + embeddingDim + " and " + headHidden);
        }
    }

    /**
     * @param unet U-Net hyper-parameters
     * @return a spec with E = 64 and hidden width 64
     */
    public static ModelSpec of(UNet3d.Config unet) {
        return new ModelSpec(unet, 64, 64);
    }

    /** @return this spec as JSON */
    public String toJson() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    }

    /**
     * @param json JSON written by {@link #toJson()}
     * @return the spec
     */
    public static ModelSpec fromJson(String json) {
        return JSON.readValue(json, ModelSpec.class);
    }
}
