package dev.fess.preprocess;

/** What a volume on the preprocessed grid holds, which decides how it is mapped back to the original grid. */
public enum ValueKind {
    /** Class indices: padded with 0 (background), resampled by nearest neighbour. */
    LABELS,
    /** Softmax probabilities with channel 0 = background: padded with 1 in channel 0 and 0 elsewhere, linear. */
    SOFTMAX,
    /** Anything continuous (images, sigmoid region probabilities, logits): padded with 0, linear. */
    CONTINUOUS
}
