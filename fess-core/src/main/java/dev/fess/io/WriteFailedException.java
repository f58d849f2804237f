package dev.fess.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file could not be written (a full disk, a quota, a read-only file system): the message names the target and the
 * system's reason, {@code OUT: cannot write: No space left on device}. The old file, if any, is unchanged.
 */
public class WriteFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param target the file that was to be written
     * @param cause the system's failure
     */
    public WriteFailedException(Path target, IOException cause) {
        super(target + ": cannot write: " + reasonOf(cause), cause);
    }

    private static String reasonOf(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank()
                ? e.getClass().getSimpleName()
                : m.lines().findFirst().orElse("").strip();
    }
}
