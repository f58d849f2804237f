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
import tools.jackson.databind.JsonNode;

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

    /** Reads {@code plan.json} (when present) and every {@code run.json} under {@code dir}. */
    public static ExperimentStatus read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": no such experiment folder");
        }
        Map<String, Row> byId = new LinkedHashMap<>();
        Path plan = dir.resolve(ExperimentRunner.PLAN_FILE);
        if (Files.isRegularFile(plan)) {
            JsonNode n = RunRecord.JSON.readTree(plan);
            for (JsonNode r : n.path("runs")) {
                String id = r.get("id").asString();
                byId.put(id, new Row(id, RunState.PENDING, null, null));
            }
        }
        for (Path runDir : runDirs(dir)) {
            Optional<RunRecord> rec = RunRecord.read(runDir);
            if (rec.isPresent()) {
                RunRecord r = rec.get();
                byId.put(r.id(), new Row(r.id(), r.status(), r.wallSeconds(), r.error()));
            }
        }
        return new ExperimentStatus(new ArrayList<>(byId.values()));
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
