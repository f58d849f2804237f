package dev.fess.dataset;

import dev.fess.volume.Volume;

/**
 * One case read into memory: all selected channels stacked in one volume, and the label map with its raw values
 * (e.g. BraTS 0/1/2/4), not yet mapped to training classes.
 *
 * @param id the case id
 * @param image C-channel image on the case's own grid
 * @param label single-channel raw label map on the same grid, or {@code null} when the case is unlabelled
 */
public record LoadedCase(String id, Volume image, Volume label) {}
