package dev.fess.synth;

/** Tissue codes of the abdominal CT phantom's ground-truth tissue map (stored as the ordinal). */
public enum AbdomenTissue {
    AIR,
    /** Subcutaneous and visceral fat, renal sinus fat. */
    FAT,
    /** Abdominal wall, paraspinal muscles, psoas. */
    MUSCLE,
    CORTICAL_BONE,
    CANCELLOUS_BONE,
    INTERVERTEBRAL_DISC,
    /** Spinal canal contents. */
    CSF,
    /** Aorta and inferior vena cava (non-contrast blood). */
    VESSEL,
    /** Bowel and stomach wall / contents. */
    BOWEL,
    /** Gas in bowel or stomach. */
    GAS,
    /** CT table. */
    TABLE,
    /** Label 1. */
    LIVER,
    /** Label 2 (with {@link #KIDNEY_MEDULLA}). */
    KIDNEY_CORTEX,
    /** Label 2. */
    KIDNEY_MEDULLA,
    /** Label 3. */
    SPLEEN,
    /** Label 4. */
    PANCREAS
}
