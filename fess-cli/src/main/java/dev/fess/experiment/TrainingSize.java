package dev.fess.experiment;

import dev.fess.UserInputException;

/**
 * A {@code sizes} entry: a number of training cases, a percentage of the training pool ({@code "33%"}) or
 * {@code all}. Percentages and {@code all} are resolved against the number of training cases the executor reports
 * for the dataset (its training pool: the labelled cases minus the test and validation splits), rounded, at least 1;
 * a count above the pool is refused.
 */
public record TrainingSize(Kind kind, int count, double percent) {
    /** The three ways to give a size. */
    public enum Kind {
        COUNT,
        PERCENT,
        ALL
    }

    /** The size {@link RunSpec#size()} takes for "every training case" when the pool size is not known. */
    public static final int ALL_CASES = -1;

    public static TrainingSize count(int n) {
        return new TrainingSize(Kind.COUNT, n, 0);
    }

    public static TrainingSize all() {
        return new TrainingSize(Kind.ALL, 0, 100);
    }

    static TrainingSize parse(String text, String where) {
        String t = text.trim();
        if (t.equals("all")) {
            return all();
        }
        try {
            if (t.endsWith("%")) {
                double p = Double.parseDouble(t.substring(0, t.length() - 1));
                if (p > 0 && p <= 100) {
                    return new TrainingSize(Kind.PERCENT, 0, p);
                }
            } else {
                int n = Integer.parseInt(t);
                if (n > 0) {
                    return count(n);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new UserInputException(where + ": expected a positive number of training cases, a percentage like"
                + " '50%' or 'all', got '" + text + "'");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case COUNT -> Integer.toString(count);
            case PERCENT ->
                (percent == Math.rint(percent) ? Integer.toString((int) percent) : Double.toString(percent)) + "%";
            case ALL -> "all";
        };
    }
}
