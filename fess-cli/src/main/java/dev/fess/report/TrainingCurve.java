package dev.fess.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code metrics.csv}: one row per epoch, numeric columns by header name; empty cells and {@code nan} are NaN.
 */
public record TrainingCurve(Map<String, double[]> columns) {
    public static final TrainingCurve EMPTY = new TrainingCurve(Map.of());

    public double[] column(String name) {
        return columns.getOrDefault(name, new double[0]);
    }

    /** Reads a {@code metrics.csv}; {@link #EMPTY} when the file is missing or empty. */
    public static TrainingCurve read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return EMPTY;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return EMPTY;
        }
        String[] header = lines.get(0).split(",", -1);
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            double[] row = new double[header.length];
            for (int c = 0; c < header.length; c++) {
                row[c] = c < cells.length ? parse(cells[c]) : Double.NaN;
            }
            rows.add(row);
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
            double[] col = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                col[r] = rows.get(r)[c];
            }
            cols.put(header[c].strip(), col);
        }
        return new TrainingCurve(cols);
    }

    private static double parse(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
