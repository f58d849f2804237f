package dev.fess.dataset;

/** Imaging modality of a dataset, which decides intensity normalisation. */
public enum Modality {
    /** Arbitrary units: per-case z-score over the non-zero region. */
    MRI,
    /** Hounsfield units: clip to dataset-wide foreground percentiles, then a dataset-wide z-score. */
    CT
}
