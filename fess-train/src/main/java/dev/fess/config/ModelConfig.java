package dev.fess.config;

import dev.fess.model.UNet3d;
import java.util.List;

/**
 * The network: the {@code model} section of {@link TrainingConfig} (keys in {@link ConfigKeys}).
 *
 * @param filters U-Net channels per level, bottleneck last
 * @param norm normalisation of the U-Net
 * @param dropout dropout rate between the convolutions of a level
 * @param embeddingDim width E of the projection heads
 * @param preset {@link Preset#PAPER} replaces filters, norm, dropout, activation, down, up and groups by the
 *     released code's network
 * @param activation non-linearity after each normalisation
 * @param down encoder down-sampling
 * @param up decoder up-sampling
 * @param groups groups of group normalisation
 * @param deepSupervision train the logits of decoder levels 1 … L−2 too ({@code dev.fess.loss.DeepSupervision})
 * @param featureLevel decoder level read by the voxel projection head
 */
public record ModelConfig(
        List<Integer> filters,
        UNet3d.Norm norm,
        double dropout,
        int embeddingDim,
        Preset preset,
        UNet3d.Act activation,
        UNet3d.Down down,
        UNet3d.Up up,
        int groups,
        boolean deepSupervision,
        int featureLevel) {

    /** A named network that overrides the U-Net keys. */
    public enum Preset {
        /** The U-Net keys as given. */
        NONE,
        /** {@link UNet3d#paperPreset}: 32-64-128-256-1024, BatchNorm, dropout 0.2. */
        PAPER
    }

    /** The U-Net of this configuration for the given input channels and output classes. */
    public UNet3d.Config unet(int inChannels, int classes) {
        if (preset == Preset.PAPER) {
            UNet3d.Config p = UNet3d.paperPreset(inChannels);
            return new UNet3d.Config(
                    inChannels,
                    classes,
                    p.filters(),
                    p.norm(),
                    p.groups(),
                    p.activation(),
                    p.dropout(),
                    p.down(),
                    p.up(),
                    deepSupervision,
                    featureLevel);
        }
        return UNet3d.builder()
                .setInChannels(inChannels)
                .setClasses(classes)
                .optFilters(filters.stream().mapToInt(Integer::intValue).toArray())
                .optNorm(norm)
                .optDropout((float) dropout)
                .optActivation(activation)
                .optDown(down)
                .optUp(up)
                .optGroups(groups)
                .optDeepSupervision(deepSupervision)
                .optFeatureLevel(featureLevel)
                .config();
    }

    /** Deep-supervision outputs the U-Net of this configuration has: levels − 2 when enabled, else 0. */
    public int deepOutputs() {
        return deepSupervision ? Math.max(0, unet(1, 1).levels() - 2) : 0;
    }

    /** The U-Net's levels: {@code filters.size()}. */
    public int levels() {
        return filters.size();
    }
}
