package dev.fess.spark;

/** CSV quoting (RFC 4180) for the small logs fess spark writes. */
final class Csv {
    private Csv() {}

    static String field(String s) {
        if (s == null) {
            return "";
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
