package dev.fess.experiment;

import dev.fess.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** What an experiment folder holds: each run of its plan with its state, wall time and failure reason. */
public final class ExperimentStatus {
    /**
     * @param id run id
     * @param status state from run.json, or pending when there is none
     * @param wallSeconds wall time, or null
     * @param error failure reason, or null
     */
    public record Row(String id, RunState status, Double wallSeconds, String error) {}

    private final List<Row> rows;

    private ExperimentStatus(List<Row> rows) {
        this.rows = rows;
    }

    /**
     * Reads {@code plan.json} and the {@code run.json} of each of its runs; run folders the plan does not list (runs
     * a changed spec left out) are not shown. Without a plan, every {@code run.json} under {@code dir}.
     */
    public static ExperimentStatus read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": no such experiment folder");
        }
        Map<String, Row> byId = new LinkedHashMap<>();
        Optional<Map<String, String>> plan = planned(dir);
        if (plan.isPresent()) {
            for (String id : plan.get().keySet()) {
                Optional<RunRecord> rec = RunRecord.read(dir.resolve(id));
                byId.put(id, rec.map(ExperimentStatus::row).orElse(new Row(id, RunState.PENDING, null, null)));
            }
        } else {
            for (Path runDir : runDirs(dir)) {
                RunRecord.read(runDir).ifPresent(r -> byId.put(r.id(), row(r)));
            }
        }
        return new ExperimentStatus(new ArrayList<>(byId.values()));
    }

    private static Row row(RunRecord r) {
        return new Row(r.id(), r.status(), r.wallSeconds(), r.error());
    }

    /**
     * The runs of the folder's {@code plan.json} in order, each with its configuration key (null in plans written
     * before keys); empty when there is no plan.
     */
    public static Optional<Map<String, String>> planned(Path dir) throws IOException {
        Optional<Map<String, ExperimentFolder.Stored>> plan = ExperimentFolder.readPlan(dir);
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        plan.get().forEach((id, s) -> out.put(id, s.key()));
        return Optional.of(out);
    }

    /** Every folder below {@code dir} that holds a {@code run.json}, sorted by path. */
    public static List<Path> runDirs(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().equals(RunRecord.FILE) && Files.isRegularFile(p))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        }
    }

    public List<Row> rows() {
        return rows;
    }

    public long count(RunState s) {
        return rows.stream().filter(r -> r.status() == s).count();
    }

    /** A plain-text table, one run per line, then a summary line. */
    public String format() {
        int w = Math.max(6, rows.stream().mapToInt(r -> r.id().length()).max().orElse(0));
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-" + w + "s  %-8s  %10s  %s%n", "run", "status", "wall", "reason"));
        for (Row r : rows) {
            b.append(String.format(
                    Locale.ROOT,
                    "%-" + w + "s  %-8s  %10s  %s%n",
                    r.id(),
                    r.status().key(),
                    r.wallSeconds() == null ? "" : formatSeconds(r.wallSeconds()),
                    r.error() == null ? "" : r.error()));
        }
        b.append(String.format(
                Locale.ROOT,
                "%d runs: %d done, %d running, %d failed, %d pending%n",
                rows.size(),
                count(RunState.DONE),
                count(RunState.RUNNING),
                count(RunState.FAILED),
                count(RunState.PENDING)));
        return b.toString();
    }

    /** {@code 1h02m03s}, {@code 4m05s} or {@code 12.3s}. */
    public static String formatSeconds(double s) {
        long t = Math.round(s);
        if (t >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", t / 3600, t / 60 % 60, t % 60);
        }
        if (t >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
        }
        return String.format(Locale.ROOT, "%.1fs", s);
    }
}
