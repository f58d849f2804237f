package dev.fess.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A CSV table built row by row (RFC 4180 quoting: a cell with a comma, quote or line break is quoted, quotes
 * doubled). Cells: {@code null} and NaN are empty, doubles in Java's shortest round-trip form
 * ({@link Double#toString}), everything else {@link String#valueOf}. The one CSV writer of fess (evaluation,
 * metrics, report tables); {@link #write} writes atomically.
 */
public final class CsvTable {
    private final StringBuilder text = new StringBuilder();

    /** A table with this header row. */
    public CsvTable(String... header) {
        row((Object[]) header);
    }

    /** Appends one row. */
    public CsvTable row(Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(cell(cells[i]));
        }
        text.append('\n');
        return this;
    }

    /** One cell's text. */
    public static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "" : Double.toString(d);
        }
        if (v instanceof Float f) {
            return Float.isNaN(f) ? "" : Float.toString(f);
        }
        String s = String.valueOf(v);
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** The table as text, one line per row, each ended by a line feed. */
    public String text() {
        return text.toString();
    }

    /** Writes the table atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, text());
    }
}
