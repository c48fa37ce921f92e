package dev.overlaysim.scenarios.twin;

/**
 * A twin run that cannot go on. {@link Kind#BAD_INPUT} and {@link Kind#MISSING} are the user's to
 * fix (exit 2: a scenario the twin cannot mirror, a missing tool, not root); {@link Kind#INTERNAL}
 * is ours or the kernel's (exit 3: a command that failed while building the lab).
 */
public final class TwinException extends RuntimeException {
    public enum Kind { BAD_INPUT, MISSING, INTERNAL }

    private final Kind kind;
    private final String command;

    public TwinException(Kind kind, String message) {
        this(kind, message, null);
    }

    public TwinException(Kind kind, String message, Throwable cause) {
        this(kind, "twin", message, cause);
    }

    private TwinException(Kind kind, String command, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.command = command;
    }

    public Kind kind() { return kind; }

    /** The command that stopped ({@code twin}, {@code calibrate}): the message starts {@code overlaysim COMMAND: }. */
    public String command() { return command; }

    /** The same failure, said by another command that uses the lab ({@code calibrate}). */
    public TwinException as(String otherCommand) {
        return new TwinException(kind, otherCommand, getMessage(), getCause() == null ? this : getCause());
    }
}
