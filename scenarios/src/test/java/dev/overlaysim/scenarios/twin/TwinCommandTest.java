package dev.overlaysim.scenarios.twin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.scenarios.cli.ExitCodes;
import dev.overlaysim.scenarios.cli.Overlaysim;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code overlaysim twin} fails the way every other command does (docs/cli.md, exit codes): bad input
 * exits 2 with its message, an internal error exits 3 with one line, and a stack trace appears only
 * with {@code --debug}. No namespace is made: the failures come before any, or from a stand-in for
 * {@link Twin#run} (TwinTest runs the real one, as root).
 */
class TwinCommandTest {

    private record Run(int exit, String out, String err) {}

    /** The overlaysim command line with {@code twin} running {@code runner} instead of {@link Twin#run}. */
    private static Run overlaysim(TwinCommand.Runner runner, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == TwinCommand.class && runner != null) return (K) new TwinCommand(runner);
                return CommandLine.defaultFactory().create(cls);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Overlaysim(), factory);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static final String SEED = Path.of("examples/seed-vxlan.yaml").toString();

    @Test
    void aMissingScenarioFileIsBadInputWithoutAStackTrace() {
        Run r = overlaysim(null, "twin", "no-such-file.yaml");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim twin: no-such-file.yaml: no such file\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aRefusedScenarioIsBadInputWithItsProblemAndNoStackTrace() {
        // The real Twin.run: it loads the file and refuses it before it checks for root or makes a namespace.
        Run r = overlaysim(null, "twin", "src/test/resources/broken/unknown-key-typo.yaml");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim twin: src/test/resources/broken/unknown-key-typo.yaml:4:3: unknown key"
                + " 'subnetlen' in network (did you mean 'subnetLen'?); expected one of: cidr, subnetLen, subnetMin,"
                + " subnetMax, backend, legacyLeases\n");
    }

    @Test
    void anOutOfRangeFloodCountIsBadInput() {
        Run r = overlaysim(null, "twin", SEED, "--flood-count", "-1");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim twin: --flood-count -1 out of range (0-100000)\n");
    }

    @Test
    void anInternalErrorIsOneLineAndAStackTraceOnlyWithDebug() {
        TwinCommand.Runner boom = (file, options) -> { throw new IllegalStateException("boom"); };

        Run quiet = overlaysim(boom, "twin", SEED);
        assertThat(quiet.exit()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(quiet.err()).startsWith("overlaysim: internal error: IllegalStateException: boom\n")
                .contains("--debug").doesNotContain("\tat ").doesNotContain("java.lang.IllegalStateException");

        for (String[] args : new String[][] {{"--debug", "twin", SEED}, {"twin", SEED, "--debug"}}) {
            Run loud = overlaysim(boom, args);
            assertThat(loud.exit()).isEqualTo(ExitCodes.INTERNAL_ERROR);
            assertThat(loud.err()).startsWith("overlaysim: internal error: IllegalStateException: boom\n")
                    .contains("java.lang.IllegalStateException: boom").contains("\tat ");
        }
    }

    @Test
    void aCommandThatFailedBuildingTheNamespacesExitsThreeWithItsMessage() {
        TwinCommand.Runner failing = (file, options) -> {
            throw new TwinException(TwinException.Kind.INTERNAL, "ip netns add osim-1-node1: exit 1: File exists");
        };

        Run quiet = overlaysim(failing, "twin", SEED);
        assertThat(quiet.exit()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(quiet.err()).isEqualTo("overlaysim twin: ip netns add osim-1-node1: exit 1: File exists\n");

        Run loud = overlaysim(failing, "twin", SEED, "--debug");
        assertThat(loud.err()).startsWith("overlaysim twin: ip netns add osim-1-node1: exit 1: File exists\n").contains("\tat ");
    }

    @Test
    void aMissingToolIsBadInput() {
        Run r = overlaysim((file, options) -> {
            throw new TwinException(TwinException.Kind.MISSING, "the twin needs: tcpdump (apt-get install tcpdump)");
        }, "twin", SEED, "--debug");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim twin: the twin needs: tcpdump (apt-get install tcpdump)\n");
    }
}
