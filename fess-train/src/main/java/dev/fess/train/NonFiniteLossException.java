package dev.fess.train;

/** Training produced a NaN or infinite loss or gradient; the message names the epoch and iteration. */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(String message) {
        super(message);
    }
}
