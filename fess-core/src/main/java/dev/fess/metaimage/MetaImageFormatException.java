package dev.fess.metaimage;

import dev.fess.UserInputException;
import java.nio.file.Path;

/**
 * A file that is not a readable MetaImage: a header line that is not {@code Key = Value}, a missing or impossible
 * required field, an unsupported element type, a data file that is missing, too short or not valid zlib. The
 * message is one line: {@code <file>: <reason>}.
 */
public class MetaImageFormatException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public MetaImageFormatException(Path file, String reason) {
        super(file + ": " + reason);
    }

    public MetaImageFormatException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
    }
}
