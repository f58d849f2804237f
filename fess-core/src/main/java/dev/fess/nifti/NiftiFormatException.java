package dev.fess.nifti;

import dev.fess.UserInputException;
import java.nio.file.Path;

/**
 * A file that is not a readable NIfTI image: empty, truncated, not gzip although named {@code .gz}, a bad magic or
 * {@code sizeof_hdr}, impossible dimensions, an unsupported datatype. The message is one line:
 * {@code <file>: <reason>}.
 */
public class NiftiFormatException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public NiftiFormatException(Path file, String reason) {
        super(file + ": " + reason);
    }

    public NiftiFormatException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
    }
}
