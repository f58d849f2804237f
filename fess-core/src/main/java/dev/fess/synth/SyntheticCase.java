package dev.fess.synth;

import dev.fess.dataset.LoadedCase;
import dev.fess.volume.Volume;

/**
 * One generated case: what a dataset reader would return for it, plus the ground-truth tissue map the phantom was
 * drawn from (useful for tests and for checking intensities per tissue).
 *
 * @param data image (C channels) and raw label map, in the requested orientation
 * @param tissue single-channel map of tissue codes ({@link BrainTissue} or {@link AbdomenTissue} ordinals) on the same
 *     grid
 */
public record SyntheticCase(LoadedCase data, Volume tissue) {}
