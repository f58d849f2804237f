package dev.fess.config;

import dev.fess.train.DeviceChoice;

/**
 * How the run is driven: the {@code run} section of {@link TrainingConfig} (keys in {@link ConfigKeys}).
 *
 * @param seed the one seed of the run (sampling, augmentation, initialisation, loss sampling, dropout)
 * @param valEvery validate every N epochs (0 = never)
 * @param valOverlap sliding-window overlap during validation
 * @param threads PyTorch intra-op threads (fixed for reproducibility)
 * @param earlyStop stop after this many validations without improvement, 0 = never
 * @param skipNonfinite skip a batch whose loss or gradient is not finite instead of stopping
 * @param device where the tensors live, null = auto ({@code RUN/config.yaml} holds the device the run resolved to)
 */
public record RunConfig(
        long seed,
        int valEvery,
        double valOverlap,
        int threads,
        int earlyStop,
        boolean skipNonfinite,
        DeviceChoice device) {

    /** The device choice, {@link DeviceChoice#AUTO} when none was made. */
    public DeviceChoice deviceChoice() {
        return device == null ? DeviceChoice.AUTO : device;
    }
}
