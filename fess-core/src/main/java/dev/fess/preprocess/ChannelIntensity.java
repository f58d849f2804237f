package dev.fess.preprocess;

/**
 * Dataset-wide intensity statistics of one CT channel, measured on foreground voxels (label &gt; 0) of the
 * training cases: the image is clipped to {@code [clipLow, clipHigh]} (the 0.5 and 99.5 percentiles), then
 * z-scored as {@code (x − mean) / std}.
 */
public record ChannelIntensity(double clipLow, double clipHigh, double mean, double std) {
    public ChannelIntensity {
        if (!(clipLow <= clipHigh) || !(std > 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("channel intensity needs clipLow <= clipHigh, std > 0 and a finite"
                    + " mean, got " + clipLow + ", " + clipHigh + ", " + mean + ", " + std);
        }
    }
}
