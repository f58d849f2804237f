package dev.fess.dataset;

/**
 * One thing wrong with a dataset, found while scanning its folder or checking its files.
 *
 * @param caseId the case it concerns, or {@code "dataset"} for the folder as a whole
 * @param file the file concerned, relative to the dataset folder ({@code "-"} if none)
 * @param what what is wrong, e.g. {@code missing channel t1ce} or {@code label value 7 is not declared}
 */
public record Problem(String caseId, String file, String what) {
    /** The line {@code fess dataset check} prints: {@code problem: <case>: <file>: <what>}. */
    @Override
    public String toString() {
        return "problem: " + caseId + ": " + file + ": " + what;
    }
}
