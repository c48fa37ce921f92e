package dev.overlaysim.scenarios.cli;

/** Process exit codes of the {@code overlaysim} command line. */
public final class ExitCodes {
    /** The scenario ran and every {@code expect:} check held. */
    public static final int OK = 0;
    /** The scenario ran but at least one {@code expect:} check failed. */
    public static final int EXPECT_FAILED = 1;
    /** The scenario file (or a command-line argument) was refused: nothing ran. */
    public static final int BAD_INPUT = 2;
    /** A bug in overlaysim: an unexpected exception escaped. */
    public static final int INTERNAL_ERROR = 3;
    /** The run needed more memory than the JVM's heap limit ({@code -Xmx}): not a bug, a size to give it. */
    public static final int OUT_OF_MEMORY = 4;

    private ExitCodes() {
    }
}
