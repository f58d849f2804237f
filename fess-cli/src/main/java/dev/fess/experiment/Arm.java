package dev.fess.experiment;

import dev.fess.UserInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The loss a run trains with: the paper's method and its three baselines. */
public enum Arm {
    /** Soft Dice loss alone. */
    DICE("dice", "Dice", false, false),
    /** λ·Dice + (1−λ)·supervised voxel contrastive (temperature τ). */
    FESS("fess", "FESS", true, true),
    /** Dice + NT-Xent on pooled bottleneck features of two views (temperature τ). */
    SIMCLR("simclr", "SimCLR", false, true),
    /** Dice + unsupervised voxel InfoNCE between two views (temperature τ). */
    INFONCE("infonce", "InfoNCE", false, true);

    private final String key;
    private final String label;
    private final boolean usesLambda;
    private final boolean usesTau;

    Arm(String key, String label, boolean usesLambda, boolean usesTau) {
        this.key = key;
        this.label = label;
        this.usesLambda = usesLambda;
        this.usesTau = usesTau;
    }

    /** The name used in specs, directories and the executor contract, e.g. {@code fess}. */
    public String key() {
        return key;
    }

    /** The name shown in tables and figures, e.g. {@code SimCLR}. */
    public String label() {
        return label;
    }

    /** True when a {@code lambdas} grid applies to this arm (the FESS mixing weight). */
    public boolean usesLambda() {
        return usesLambda;
    }

    /** True when a {@code taus} grid applies to this arm (a contrastive temperature). */
    public boolean usesTau() {
        return usesTau;
    }

    /** The arm called {@code key}; an unknown name is refused with the list of valid ones. */
    public static Arm of(String key, String where) {
        for (Arm a : values()) {
            if (a.key.equals(key)) {
                return a;
            }
        }
        throw new UserInputException(where + ": unknown arm '" + key + "' (expected one of: " + keys() + ")");
    }

    /** {@code dice, fess, simclr, infonce}. */
    public static String keys() {
        return Arrays.stream(values()).map(Arm::key).collect(Collectors.joining(", "));
    }
}
