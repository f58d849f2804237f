package dev.fess.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How the runs a spec asks for differ from those an experiment folder holds ({@link ExperimentFolder#compare}).
 *
 * @param dir the experiment folder
 * @param changed runs of both whose configuration key differs, with both configurations
 * @param added runs the folder's plan does not have
 * @param removed runs of the folder's plan the spec leaves out (they stay on disk, out of plan, status and report)
 * @param unkeyed runs recorded by a fess version without configuration keys: they cannot be compared
 */
public record SpecChange(
        Path dir, List<Changed> changed, List<String> added, List<String> removed, List<String> unkeyed) {
    private static final int SHOWN_PER_CHANGE = 3;
    private static final int SHOWN = 10;
    private static final String NONE = "(none)";

    /**
     * A run whose configuration changed.
     *
     * @param id run id
     * @param before the configuration it was made with
     * @param after the configuration the spec asks for
     */
    public record Changed(String id, Map<String, Object> before, Map<String, Object> after) {}

    public SpecChange {
        changed = List.copyOf(changed);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        unkeyed = List.copyOf(unkeyed);
    }

    /** True when the spec asks for exactly the runs of the folder, each with its configuration. */
    public boolean isEmpty() {
        return changed.isEmpty() && added.isEmpty() && removed.isEmpty() && unkeyed.isEmpty();
    }

    /** True when runs are only added or left out ({@code --extend} accepts that), none changed. */
    public boolean onlyAddsOrLeavesOut() {
        return changed.isEmpty() && unkeyed.isEmpty();
    }

    /**
     * One line per difference: each configuration key that changed with its old → new value and the runs it
     * concerns, then the added, left-out and unkeyed runs.
     */
    public List<String> lines() {
        Map<String, List<String>> byChange = new LinkedHashMap<>();
        for (Changed c : changed) {
            Map<String, String> a = RunKey.flatten(c.before());
            Map<String, String> b = RunKey.flatten(c.after());
            TreeSet<String> keys = new TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String k : keys) {
                String x = a.getOrDefault(k, NONE);
                String y = b.getOrDefault(k, NONE);
                if (!x.equals(y)) {
                    byChange.computeIfAbsent(k + ": " + x + " → " + y, z -> new ArrayList<>())
                            .add(c.id());
                }
            }
        }
        List<String> out = new ArrayList<>();
        byChange.forEach((what, runs) -> out.add(what + " (" + runs(runs, SHOWN_PER_CHANGE) + ")"));
        if (!added.isEmpty()) {
            out.add("added " + count(added) + ": " + ids(added));
        }
        if (!removed.isEmpty()) {
            out.add("left out " + count(removed) + ": " + ids(removed));
        }
        if (!unkeyed.isEmpty()) {
            out.add("recorded without a configuration key by an earlier fess, so not comparable: " + count(unkeyed)
                    + ": " + ids(unkeyed));
        }
        return out;
    }

    /**
     * The one-line reason to refuse the spec, or null to go on: any difference without {@code extend}; with it,
     * changed or unkeyed runs.
     */
    public String refusal(boolean extend) {
        if (isEmpty() || extend && onlyAddsOrLeavesOut()) {
            return null;
        }
        String what = dir + ": the spec differs from the experiment in this folder (above)";
        if (!onlyAddsOrLeavesOut()) {
            return what + "; finished runs are reused only with the configuration they were made with, and"
                    + " --extend only adds or leaves out runs: give a new --out folder";
        }
        return what + "; give --extend to run the added runs and leave the left-out ones out of the report (their"
                + " folders stay), or a new --out folder";
    }

    private static String count(List<String> ids) {
        return ids.size() + (ids.size() == 1 ? " run" : " runs");
    }

    private static String runs(List<String> ids, int shown) {
        return count(ids) + ": " + String.join(", ", ids.subList(0, Math.min(shown, ids.size())))
                + (ids.size() > shown ? ", …" : "");
    }

    private static String ids(List<String> ids) {
        return String.join(", ", ids.subList(0, Math.min(SHOWN, ids.size())))
                + (ids.size() > SHOWN ? ", … and " + (ids.size() - SHOWN) + " more" : "");
    }
}
