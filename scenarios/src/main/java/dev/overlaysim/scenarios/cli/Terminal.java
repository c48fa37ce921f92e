package dev.overlaysim.scenarios.cli;

/** Whether a person is watching: standard input and output are a terminal. */
final class Terminal {
    private Terminal() {}

    static boolean isInteractive() {
        return System.console() != null;
    }
}
