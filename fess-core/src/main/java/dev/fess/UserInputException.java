package dev.fess;

/**
 * Bad input from the user: a file that is not what it claims to be, an option out of range, a dataset with a
 * missing case. The message is one line that names the file or option and says what was expected; the command line
 * prints it as is and exits with code 2. Programming errors are never reported with this type.
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
