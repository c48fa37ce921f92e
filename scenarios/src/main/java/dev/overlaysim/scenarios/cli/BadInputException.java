package dev.overlaysim.scenarios.cli;

/**
 * Something the user gave cannot be used (a directory that cannot be written, an unknown node):
 * the command prints {@code overlaysim: <message>} and exits {@link ExitCodes#BAD_INPUT}, no stack trace.
 */
final class BadInputException extends RuntimeException {
    BadInputException(String message) { super(message); }

    BadInputException(String message, Throwable cause) { super(message, cause); }
}
