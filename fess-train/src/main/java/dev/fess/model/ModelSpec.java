package dev.fess.model;

import tools.jackson.databind.json.JsonMapper;

/**
 * Everything needed to rebuild a {@link SegmentationModel}: the U-Net hyper-parameters and the projection heads.
 * Serialised as JSON next to the parameters by {@link ModelCheckpoint}.
 *
 * @param unet U-Net hyper-parameters
 * @param embeddingDim E, output width of both projection heads
 * @param headHidden hidden width of both projection heads
 * @param voxelHeadOnSamples when true, {@link SegmentationModel} returns the decoder features (not their
 *     projection) at {@link SegmentationModel#VOXEL_EMBEDDINGS} and the voxel head is applied by the loss to its
 *     sampled voxels only, through {@link SegmentationModel#voxelProjector} — the same numbers for the sampled
 *     voxels, without projecting the whole volume (see docs/losses.md)
 */
public record ModelSpec(UNet3d.Config unet, int embeddingDim, int headHidden, boolean voxelHeadOnSamples) {

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
     * A spec whose model projects every voxel.
     *
     * @param unet U-Net hyper-parameters
     * @param embeddingDim E
     * @param headHidden hidden width of the heads
     */
    public ModelSpec(UNet3d.Config unet, int embeddingDim, int headHidden) {
        this(unet, embeddingDim, headHidden, false);
    }

    /**
     * @param v see {@link #voxelHeadOnSamples()}
     * @return a copy with it
     */
    public ModelSpec withVoxelHeadOnSamples(boolean v) {
        return new ModelSpec(unet, embeddingDim, headHidden, v);
    }

    /**
     * @param unet U-Net hyper-parameters
     * @return a spec with E = 64 and a hidden width equal to the channels of the U-Net's feature level (the
     *     SimCLR convention; it keeps the full-resolution voxel head cheap)
     */
    public static ModelSpec of(UNet3d.Config unet) {
        return new ModelSpec(unet, 64, unet.filters().get(unet.featureLevel()), false);
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
