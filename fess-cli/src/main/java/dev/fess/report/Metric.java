package dev.fess.report;

/** The columns of the paper's table, with the key used in {@code evaluation.json}. */
public enum Metric {
    DICE("dice", "Dice", true),
    IOU("iou", "IoU", true),
    PRECISION("precision", "Precision", true),
    SPECIFICITY("specificity", "Specificity", true),
    SENSITIVITY("sensitivity", "Sensitivity", true),
    HD95("hd95", "HD95 (mm)", false);

    private final String key;
    private final String label;
    private final boolean higherIsBetter;

    Metric(String key, String label, boolean higherIsBetter) {
        this.key = key;
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }
}
