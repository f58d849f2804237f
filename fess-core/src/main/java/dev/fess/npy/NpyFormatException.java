package dev.fess.npy;

import dev.fess.UserInputException;
import java.nio.file.Path;

/** A file that is not a readable {@code .npy} array; the message names the file and the reason. */
public class NpyFormatException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(Path file, String reason) {
        super(file + ": " + reason);
    }
}
