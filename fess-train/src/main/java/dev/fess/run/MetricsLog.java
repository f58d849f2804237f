package dev.fess.run;

import dev.fess.io.AtomicFiles;
import dev.fess.io.CsvTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv} and {@code metrics.jsonl} (one row per epoch, computed quantities only, numbers in Java's
 * shortest round-trip form so two equal runs give equal bytes) and {@code timing.csv} (wall-clock seconds).
 * The metrics files are rewritten whole from the history after each epoch, atomically, so a resumed run's files
 * are exactly those of an uninterrupted one.
 */
public final class MetricsLog {
    private final Path runDir;
    private final List<String> outputNames;

    /** The log of a run directory whose network has the given output (region or class) names. */
    public MetricsLog(Path runDir, List<String> outputNames) {
        this.runDir = runDir;
        this.outputNames = List.copyOf(outputNames);
    }

    /** The CSV header of {@code metrics.csv}: fixed columns, gradient norms, then one Dice column per output. */
    public String header() {
        StringBuilder sb = new StringBuilder("epoch,loss,dice_loss,contrastive_loss,lr,skipped");
        for (String c : GradientNorms.COLUMNS) {
            sb.append(',').append(c);
        }
        sb.append(",val_dice,collapse");
        for (String n : outputNames) {
            sb.append(",val_dice_").append(column(n));
        }
        return sb.toString();
    }

    private static String column(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    private static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** Rewrites {@code metrics.csv} and {@code metrics.jsonl} from the whole history, atomically. */
    public void write(List<EpochMetrics> history) throws IOException {
        CsvTable csv = new CsvTable(header().split(","));
        StringBuilder jsonl = new StringBuilder();
        for (EpochMetrics m : history) {
            List<Object> row = new ArrayList<>(
                    List.of(m.epoch(), m.loss(), m.diceLoss(), m.contrastiveLoss(), m.lr(), m.skipped()));
            jsonl.append("{\"epoch\":")
                    .append(m.epoch())
                    .append(",\"loss\":")
                    .append(json(m.loss()))
                    .append(",\"dice_loss\":")
                    .append(json(m.diceLoss()))
                    .append(",\"contrastive_loss\":")
                    .append(json(m.contrastiveLoss()))
                    .append(",\"lr\":")
                    .append(json(m.lr()))
                    .append(",\"skipped\":")
                    .append(m.skipped());
            double[] g = m.gradients().values();
            for (int i = 0; i < g.length; i++) {
                row.add(g[i]);
                jsonl.append(",\"")
                        .append(GradientNorms.COLUMNS[i])
                        .append("\":")
                        .append(json(g[i]));
            }
            row.add(m.valDice());
            row.add(m.validated() ? (m.collapse() ? "1" : "0") : null);
            jsonl.append(",\"val_dice\":")
                    .append(json(m.valDice()))
                    .append(",\"collapse\":")
                    .append(m.validated() ? Boolean.toString(m.collapse()) : "null");
            for (int i = 0; i < outputNames.size(); i++) {
                double v = m.validated() ? m.valDicePerOutput().get(i) : Double.NaN;
                row.add(v);
                jsonl.append(",\"val_dice_")
                        .append(column(outputNames.get(i)))
                        .append("\":")
                        .append(json(v));
            }
            csv.row(row.toArray());
            jsonl.append("}\n");
        }
        csv.write(runDir.resolve("metrics.csv"));
        AtomicFiles.writeString(runDir.resolve("metrics.jsonl"), jsonl.toString());
    }

    /**
     * Records the wall-clock seconds of one epoch in {@code timing.csv} (created with a header), replacing the rows
     * of this and later epochs: a run resumed from a checkpoint older than its last timed epoch repeats that epoch,
     * and its row must not appear twice. Written atomically.
     */
    public void timing(int epoch, double trainSeconds, double valSeconds) throws IOException {
        Path f = runDir.resolve("timing.csv");
        StringBuilder out = new StringBuilder("epoch,train_seconds,val_seconds,finished_at\n");
        if (Files.exists(f)) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                int comma = line.indexOf(',');
                if (comma > 0
                        && line.substring(0, comma).matches("\\d+")
                        && Integer.parseInt(line.substring(0, comma)) < epoch) {
                    out.append(line).append('\n');
                }
            }
        }
        out.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%s%n", epoch, trainSeconds, valSeconds, Instant.now()));
        AtomicFiles.writeString(f, out.toString());
    }
}
