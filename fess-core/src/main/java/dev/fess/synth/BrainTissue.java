package dev.fess.synth;

/** Tissue codes of the brain phantom's ground-truth tissue map (stored as the ordinal). */
public enum BrainTissue {
    BACKGROUND,
    /** Skin and subcutaneous fat. */
    SCALP,
    SKULL,
    /** Subarachnoid space, sulci, fissure and ventricles. */
    CSF,
    /** Cortex band and deep grey nuclei. */
    GREY_MATTER,
    WHITE_MATTER,
    /** Unlabelled white-matter hyperintensities (FLAIR-bright mimics of edema), periventricular caps included. */
    WHITE_MATTER_HYPERINTENSITY,
    /** Label 1. */
    NECROSIS,
    /** Label 2. */
    EDEMA,
    /** Label 4. */
    ENHANCING
}
