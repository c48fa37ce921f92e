package dev.overlaysim.scenarios.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.scenarios.cli.ExitCodes;
import dev.overlaysim.scenarios.cli.Overlaysim;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code overlaysim lab} fails the way every other command does (docs/cli.md): bad input exits 2 with
 * its problems, an internal error exits 3 with one line, and {@code --debug} (before or after the
 * command) adds the stack trace.
 */
class LabErrorPathTest {

    private record Run(int exit, String out, String err) {}

    /** A lab command with a bug: what every lab command does with an unexpected exception. */
    @CommandLine.Command(name = "boom")
    static final class Boom extends LabCommand.Sub {
        @Override
        protected int execute() {
            throw new IllegalStateException("boom in " + name());
        }
    }

    private static Run overlaysim(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Overlaysim());
        cl.getSubcommands().get("lab").addSubcommand("boom", new Boom());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void anInternalErrorIsOneLineWithoutDebug() {
        Run r = overlaysim("lab", "boom");

        assertThat(r.exit()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(r.err()).startsWith("overlaysim: internal error: IllegalStateException: boom in boom\n")
                .contains("--debug").doesNotContain("\tat ");
    }

    @Test
    void debugBeforeOrAfterTheCommandAddsTheStackTrace() {
        for (String[] args : new String[][] {{"--debug", "lab", "boom"}, {"lab", "--debug", "boom"}, {"lab", "boom", "--debug"}}) {
            Run r = overlaysim(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(ExitCodes.INTERNAL_ERROR);
            assertThat(r.err()).as(String.join(" ", args))
                    .startsWith("overlaysim: internal error: IllegalStateException: boom in boom\n")
                    .contains("java.lang.IllegalStateException: boom in boom").contains("\tat ");
        }
    }

    @Test
    void badInputIsItsProblemsAndExitTwoEvenWithDebug() {
        Run r = overlaysim("--debug", "lab", "check", "no-such-lab-dir");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("no-such-lab-dir: no such directory\n");
    }
}
