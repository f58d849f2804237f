package dev.fess.preprocess;

/** How the class map is resampled to the target spacing. */
public enum LabelResampling {
    /** Nearest neighbour: fast, keeps the label set; thin structures can break up when downsampling. */
    NEAREST,
    /** Trilinear interpolation of each class's one-hot indicator, then argmax: smoother boundaries. */
    LINEAR_ONE_HOT
}
