package dev.fess.experiment;

import java.util.Locale;

/** Where a run is in its life, as stored in {@code run.json}. */
public enum RunState {
    PENDING,
    RUNNING,
    DONE,
    FAILED;

    /** The lower-case name used in {@code run.json}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
