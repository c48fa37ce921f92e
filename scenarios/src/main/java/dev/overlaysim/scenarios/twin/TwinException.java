package dev.overlaysim.scenarios.twin;

/**
 * A twin run that cannot go on. {@link Kind#BAD_INPUT} and {@link Kind#MISSING} are the user's to
 * fix (exit 2: a scenario the twin cannot mirror, a missing tool, not root); {@link Kind#INTERNAL}
 * is ours or the kernel's (exit 3: a command that failed while building the lab).
 */
public final class TwinException extends RuntimeException {
    public enum Kind { BAD_INPUT, MISSING, INTERNAL }

    private final Kind kind;

    public TwinException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public TwinException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }
}
