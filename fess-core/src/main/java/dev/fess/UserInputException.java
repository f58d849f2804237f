package dev.fess;

/**
 * Bad input from the user: a file that is not what it claims to be, a setting out of range, a dataset with a
 * missing case. The message is one line that names the file or setting and says what was expected; the command line
 * prints it as is and exits with code 2. Programming errors are never reported with this type.
 *
 * <p>Library code names a setting as the library knows it ({@code spacing}, {@code held_out}), never as a
 * command-line flag: the same setting comes from a flag under {@code fess synth} and from a YAML key under
 * {@code fess experiment}. An exception made with {@link #ofSetting} carries that name, so the command line can
 * write the flag ({@code --held-out}) in its place when the value came from one.
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * The one check of a setting in a builder's {@code build()}: nothing when {@code valid}, else the exception
     * {@code setting: problem} (made with {@link #ofSetting}).
     *
     * @param valid whether the value is acceptable
     * @param setting the setting's name, e.g. {@code cases}
     * @param problem what was expected and what came, e.g. {@code expected 1 … 100000, got 0}
     * @throws UserInputException when not {@code valid}
     */
    public static void requireSetting(boolean valid, String setting, String problem) {
        if (!valid) {
            throw ofSetting(setting, setting + ": " + problem);
        }
    }

    /** The setting the message starts with, or null. */
    private final String setting;

    /** A setting the message names last as the remedy (e.g. {@code overwrite}), or null. */
    private final String remedy;

    /** A bad input described by {@code message} (which names the file or setting itself). */
    public UserInputException(String message) {
        this(message, (Throwable) null);
    }

    /** As {@link #UserInputException(String)}, caused by {@code cause}. */
    public UserInputException(String message, Throwable cause) {
        super(message, cause);
        this.setting = null;
        this.remedy = null;
    }

    private UserInputException(String setting, String message, String remedy) {
        super(message);
        this.setting = setting;
        this.remedy = remedy;
    }

    /**
     * A bad value of the setting {@code setting} (e.g. {@code spacing}); {@code message} starts with that name,
     * e.g. {@code spacing: expected mm in (0, 20], got 30}.
     *
     * @throws IllegalArgumentException when {@code message} does not start with {@code setting}
     */
    public static UserInputException ofSetting(String setting, String message) {
        if (!message.startsWith(setting)) {
            throw new IllegalArgumentException("message '" + message + "' does not start with '" + setting + "'");
        }
        return new UserInputException(setting, message, null);
    }

    /**
     * As {@link #ofSetting}, for a message that also names, last, the setting that would make the input acceptable:
     * {@code out: runs/a exists and is not empty (overwrite replaces it)}. The command line writes that setting's
     * flag in its place too.
     *
     * @throws IllegalArgumentException when {@code message} does not start with {@code setting} or does not name
     *     {@code remedy} after it
     */
    public static UserInputException ofSetting(String setting, String message, String remedy) {
        if (!message.startsWith(setting) || message.lastIndexOf(remedy) < setting.length()) {
            throw new IllegalArgumentException(
                    "message '" + message + "' does not start with '" + setting + "' and name '" + remedy + "' after");
        }
        return new UserInputException(setting, message, remedy);
    }

    /** The setting the message starts with ({@code snake_case}), or null when the message names none. */
    public String setting() {
        return setting;
    }

    /** The setting the message names last as the remedy ({@code snake_case}), or null. */
    public String remedy() {
        return remedy;
    }
}
