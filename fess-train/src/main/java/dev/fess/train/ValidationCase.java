package dev.fess.train;

/**
 * A whole preprocessed validation case.
 *
 * @param id case id
 * @param channels C
 * @param shape {D, H, W}
 * @param image C×D×H×W
 * @param classes D×H×W class indices
 */
public record ValidationCase(String id, int channels, int[] shape, float[] image, byte[] classes) {}
